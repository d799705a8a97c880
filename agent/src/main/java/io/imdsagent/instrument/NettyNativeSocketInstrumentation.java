package io.imdsagent.instrument;

import java.net.SocketAddress;
import net.bytebuddy.dynamic.DynamicType;

/**
 * {@code io.netty.channel.unix.Socket#connect(SocketAddress)} (Netty 4.1 and 4.2): the native epoll and kqueue
 * transports ({@code LinuxSocket}, {@code BsdSocket} inherit it; it is final) connect their file descriptor here,
 * past {@code java.net} and {@code java.nio}; Reactor Netty and Vert.x use them when the native library is on
 * the class path. (A TCP Fast Open connect, off unless configured, sends with its first write instead.)
 */
public final class NettyNativeSocketInstrumentation implements TypeInstrumentation {
    static final String SOCKET = "io.netty.channel.unix.Socket";

    @Override
    public String[] classNames() {
        return new String[] {SOCKET};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("connect", new Class<?>[] {SocketAddress.class},
                ConnectionAdvice.NettyNative.class));
    }
}
