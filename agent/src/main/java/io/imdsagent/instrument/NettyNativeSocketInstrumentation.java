package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;

/**
 * {@code io.netty.channel.unix.Socket#connect(SocketAddress)} (Netty 4.1 and 4.2): the native epoll and kqueue
 * transports ({@code LinuxSocket}, {@code BsdSocket} inherit it; it is final) connect their file descriptor here,
 * past {@code java.net} and {@code java.nio}; Reactor Netty and Vert.x use them when the native library is on
 * the class path. (A TCP Fast Open connect, off unless configured, sends with its first write instead.)
 */
public final class NettyNativeSocketInstrumentation implements TypeInstrumentation {
    public static final String SOCKET = "io.netty.channel.unix.Socket";

    @Override
    public String[] classNames() {
        return new String[] {SOCKET};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.replaceArgument("connect", 1, 0, "connectTarget", self(), argument(0), constant("netty-native"))
                    .whereArgument(0, "java.net.SocketAddress"),
        };
    }
}
