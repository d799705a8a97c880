package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;

/**
 * {@code sun.nio.ch.AsynchronousSocketChannelImpl}, JDK 8 to 25: {@code connect(SocketAddress)} and {@code
 * connect(SocketAddress, Object, CompletionHandler)}, the only callers of the platform channel's {@code
 * implConnect} ({@code UnixAsynchronousSocketChannelImpl} on Linux and macOS, {@code
 * WindowsAsynchronousSocketChannelImpl}), which connects past {@code java.net.Socket} and {@code SocketChannel}.
 * Both are final here, so one class covers every platform. A refusal is thrown from {@code connect} itself
 * rather than handed to the future or the handler: the connection is never attempted either way.
 */
public final class AsynchronousSocketChannelConnectInstrumentation implements TypeInstrumentation {
    public static final String CHANNEL = "sun.nio.ch.AsynchronousSocketChannelImpl";

    @Override
    public String[] classNames() {
        return new String[] {CHANNEL};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            // connect(SocketAddress) and connect(SocketAddress, Object, CompletionHandler)
            Hook.replaceArgument("connect", 1, 0, "connectTarget", self(), argument(0),
                    constant("async-socket-channel")).whereArgument(0, "java.net.SocketAddress"),
            Hook.replaceArgument("connect", 3, 0, "connectTarget", self(), argument(0),
                    constant("async-socket-channel")).whereArgument(0, "java.net.SocketAddress"),
        };
    }
}
