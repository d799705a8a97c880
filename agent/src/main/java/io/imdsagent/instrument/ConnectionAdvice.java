package io.imdsagent.instrument;

import io.imdsagent.bootstrap.Bridge;
import java.io.IOException;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;

/**
 * Advice on the methods where a TCP connection gets its address: the bridge decides on the address and
 * may replace it with the agent's relay on loopback, or refuse the connection with an {@link IOException}
 * (not suppressed: a refusal must reach the caller, and the bridge turns its own failures into refusals).
 * Inlined into JDK and Netty classes: JDK types and the bridge only.
 */
final class ConnectionAdvice {

    private ConnectionAdvice() {
    }

    /** {@code java.net.Socket#connect(SocketAddress, int)}. */
    static final class Socket {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object socket,
                          @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint) throws IOException {
            endpoint = Bridge.connectTarget(socket, endpoint, "socket");
        }
    }

    /** {@code sun.nio.ch.SocketChannelImpl#connect(SocketAddress)} and {@code #blockingConnect(SocketAddress,long)}. */
    static final class SocketChannel {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object channel,
                          @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint) throws IOException {
            endpoint = Bridge.connectTarget(channel, endpoint, "socket-channel");
        }
    }

    /**
     * {@code sun.nio.ch.AsynchronousSocketChannelImpl#connect(SocketAddress)} and {@code #connect(SocketAddress,
     * Object, CompletionHandler)}.
     */
    static final class AsynchronousSocketChannel {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object channel,
                          @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint) throws IOException {
            endpoint = Bridge.connectTarget(channel, endpoint, "async-socket-channel");
        }
    }

    /** {@code io.netty.channel.unix.Socket#connect(SocketAddress)}: Netty's epoll and kqueue transports. */
    static final class NettyNative {
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object socket,
                          @Advice.Argument(value = 0, readOnly = false) SocketAddress endpoint) throws IOException {
            endpoint = Bridge.connectTarget(socket, endpoint, "netty-native");
        }
    }
}
