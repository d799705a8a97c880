package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;

/**
 * {@code io.netty.channel.epoll.AbstractEpollStreamChannel#filterOutboundMessage(Object)} (Netty 4.1 and 4.2): every
 * message written on an epoll TCP channel passes it, the bytes still readable, before it is queued; the native
 * transport then writes past {@code java.nio}. The bridge refuses a request line that asks an HTTP proxy for IMDS
 * by throwing, and Netty fails the write's promise and releases the message. (Netty's NIO transport writes through
 * {@code SocketChannelImpl}, see {@link SocketWriteInstrumentation}.)
 */
public final class NettyNativeWriteInstrumentation implements TypeInstrumentation {
    public static final String EPOLL_STREAM_CHANNEL = "io.netty.channel.epoll.AbstractEpollStreamChannel";

    @Override
    public String[] classNames() {
        return new String[] {EPOLL_STREAM_CHANNEL};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.replaceArgument("filterOutboundMessage", 1, 0, "outgoingMessage", self(), argument(0),
                    constant("netty-native")),
        };
    }
}
