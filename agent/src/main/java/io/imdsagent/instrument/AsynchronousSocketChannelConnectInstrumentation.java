package io.imdsagent.instrument;

import java.net.SocketAddress;
import java.nio.channels.CompletionHandler;
import net.bytebuddy.dynamic.DynamicType;

/**
 * {@code sun.nio.ch.AsynchronousSocketChannelImpl}, JDK 8 to 25: {@code connect(SocketAddress)} and {@code
 * connect(SocketAddress, Object, CompletionHandler)}, the only callers of the platform channel's {@code
 * implConnect} ({@code UnixAsynchronousSocketChannelImpl} on Linux and macOS, {@code
 * WindowsAsynchronousSocketChannelImpl}), which connects past {@code java.net.Socket} and {@code SocketChannel}.
 * Both are final here, so one class covers every platform. A refusal is thrown from {@code connect} itself
 * rather than handed to the future or the handler: the connection is never attempted either way.
 */
public final class AsynchronousSocketChannelConnectInstrumentation implements TypeInstrumentation {
    static final String CHANNEL = "sun.nio.ch.AsynchronousSocketChannelImpl";

    @Override
    public String[] classNames() {
        return new String[] {CHANNEL};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("connect", new Class<?>[] {SocketAddress.class},
                        ConnectionAdvice.AsynchronousSocketChannel.class))
                .visit(AdviceClassFiles.on("connect",
                        new Class<?>[] {SocketAddress.class, Object.class, CompletionHandler.class},
                        ConnectionAdvice.AsynchronousSocketChannel.class));
    }
}
