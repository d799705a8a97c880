package io.imdsagent.instrument;

import java.net.SocketAddress;
import net.bytebuddy.dynamic.DynamicType;

/**
 * {@code sun.nio.ch.SocketChannelImpl}, JDK 8 to 25: {@code connect(SocketAddress)} (blocking and non-blocking
 * channels: the JDK {@code HttpClient}, Netty's NIO transport, Jetty, Apache HttpClient 5 async and
 * httpasyncclient 4, {@code SocketChannel.open(address)}) and, JDK 13 and later, {@code blockingConnect(
 * SocketAddress, long)}, which the channel's socket adaptor ({@code channel.socket().connect(...)}) calls
 * instead (on JDK 8 to 12 the adaptor calls {@code connect}).
 */
public final class SocketChannelConnectInstrumentation implements TypeInstrumentation {
    static final String CHANNEL = "sun.nio.ch.SocketChannelImpl";

    @Override
    public String[] classNames() {
        return new String[] {CHANNEL};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("connect", new Class<?>[] {SocketAddress.class},
                        ConnectionAdvice.SocketChannel.class))
                .visit(AdviceClassFiles.on("blockingConnect", new Class<?>[] {SocketAddress.class, long.class},
                        ConnectionAdvice.SocketChannel.class));
    }
}
