package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;

/**
 * Every write of bytes on a TCP connection the JDK makes, JDK 8 to 25, checked for a request line that asks an HTTP
 * proxy for IMDS: {@code sun.nio.ch.NioSocketImpl#write(byte[], int, int)} (JDK 13 and later: every
 * {@code java.net.Socket}'s output stream writes through it, one byte or many), {@code java.net.SocketOutputStream
 * #socketWrite(byte[], int, int)} (JDK 8 to 12, and to 17 with {@code -Djdk.net.usePlainSocketImpl}), and
 * {@code sun.nio.ch.SocketChannelImpl}'s {@code write(ByteBuffer)}, gathering {@code write(ByteBuffer[], int, int)}
 * and, JDK 13 and later, {@code blockingWriteFully(byte[], int, int)} (its socket adaptor's stream; on JDK 8 to 12
 * that stream calls {@code write(ByteBuffer)}). The JDK's own checks of offset and length come after the hook:
 * the bridge leaves writes it cannot read to them.
 */
public final class SocketWriteInstrumentation implements TypeInstrumentation {
    public static final String NIO_SOCKET = "sun.nio.ch.NioSocketImpl";
    public static final String PLAIN_SOCKET_STREAM = "java.net.SocketOutputStream";
    public static final String CHANNEL = "sun.nio.ch.SocketChannelImpl";

    @Override
    public String[] classNames() {
        return new String[] {NIO_SOCKET, PLAIN_SOCKET_STREAM, CHANNEL};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.replaceArgument("write", 3, 0, "outgoingBytes", self(), argument(0), argument(1), argument(2),
                    constant("socket")).onlyIn(NIO_SOCKET),
            Hook.replaceArgument("socketWrite", 3, 0, "outgoingBytes", self(), argument(0), argument(1), argument(2),
                    constant("socket")).onlyIn(PLAIN_SOCKET_STREAM),
            Hook.replaceArgument("write", 1, 0, "outgoingMessage", self(), argument(0), constant("socket-channel"))
                    .whereArgument(0, "java.nio.ByteBuffer").onlyIn(CHANNEL),
            Hook.replaceArgument("write", 3, 0, "outgoingBuffers", self(), argument(0), argument(1), argument(2),
                    constant("socket-channel")).onlyIn(CHANNEL),
            Hook.replaceArgument("blockingWriteFully", 3, 0, "outgoingBytes", self(), argument(0), argument(1),
                    argument(2), constant("socket-channel")).onlyIn(CHANNEL),
        };
    }
}
