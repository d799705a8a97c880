package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;

/**
 * {@code sun.nio.ch.SocketChannelImpl}, JDK 8 to 25: {@code connect(SocketAddress)} (blocking and non-blocking
 * channels: the JDK {@code HttpClient}, Netty's NIO transport, Jetty, Apache HttpClient 5 async and
 * httpasyncclient 4, {@code SocketChannel.open(address)}) and, JDK 13 and later, {@code blockingConnect(
 * SocketAddress, long)}, which the channel's socket adaptor ({@code channel.socket().connect(...)}) calls
 * instead (on JDK 8 to 12 the adaptor calls {@code connect}).
 */
public final class SocketChannelConnectInstrumentation implements TypeInstrumentation {
    public static final String CHANNEL = "sun.nio.ch.SocketChannelImpl";

    @Override
    public String[] classNames() {
        return new String[] {CHANNEL};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.replaceArgument("connect", 1, 0, "connectTarget", self(), argument(0), constant("socket-channel"))
                    .whereArgument(0, "java.net.SocketAddress"),
            Hook.replaceArgument("blockingConnect", 2, 0, "connectTarget", self(), argument(0),
                    constant("socket-channel")).whereArgument(0, "java.net.SocketAddress"),
        };
    }
}
