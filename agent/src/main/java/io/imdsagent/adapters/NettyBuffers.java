package io.imdsagent.adapters;

import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ProxiedRequestLine;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The readable bytes of a message a Netty channel is asked to write ({@code io.netty.buffer.ByteBuf}, relocated
 * copies too), read for {@link ProxiedRequestLine} through method handles ({@code readerIndex()},
 * {@code readableBytes()}, {@code getByte(int)}: absolute, so no index moves), found once per buffer class. A
 * message of any other type (a {@code FileRegion}) is passed. Reading allocates nothing.
 */
public final class NettyBuffers extends ProxiedRequestLine.Bytes {
    private static final String[] BYTE_BUF = {"io.netty.buffer.ByteBuf"};
    private static final NettyBuffers NONE = new NettyBuffers(null, null, null);
    private static final ClassValue<NettyBuffers> BY_CLASS = new ClassValue<NettyBuffers>() {
        @Override
        protected NettyBuffers computeValue(Class<?> type) {
            return of(type);
        }
    };

    private final MethodHandle readerIndex;
    private final MethodHandle readableBytes;
    private final MethodHandle getByte;

    private NettyBuffers(MethodHandle readerIndex, MethodHandle readableBytes, MethodHandle getByte) {
        this.readerIndex = readerIndex;
        this.readableBytes = readableBytes;
        this.getByte = getByte;
    }

    /**
     * @return the request {@code message}'s readable bytes begin, as {@link ProxiedRequestLine} finds it; null for
     *     none and for a message that is no {@code ByteBuf}
     * @throws Throwable when the buffer cannot be read (released)
     */
    public static ImdsRequest find(ProxiedRequestLine line, String client, Object message) throws Throwable {
        NettyBuffers buffers = BY_CLASS.get(message.getClass());
        if (buffers == NONE) {
            return null;
        }
        int start = (int) buffers.readerIndex.invokeExact(message);
        int length = (int) buffers.readableBytes.invokeExact(message);
        return line.find(client, message, start, length, buffers);
    }

    @Override
    protected int at(Object buffer, int index) {
        try {
            return (byte) getByte.invokeExact(buffer, index) & 0xff;
        } catch (RuntimeException | Error unreadable) {
            throw unreadable;
        } catch (Throwable checked) {
            throw new IllegalStateException(checked);
        }
    }

    /** The handles of {@code ByteBuf} when {@code type} is one (Netty's buffers are package-private subclasses). */
    private static NettyBuffers of(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (ServedClasses.rootOf(c.getName(), BYTE_BUF) != null) {
                try {
                    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                    MethodType getter = MethodType.methodType(int.class, Object.class);
                    return new NettyBuffers(
                            lookup.findVirtual(c, "readerIndex", MethodType.methodType(int.class)).asType(getter),
                            lookup.findVirtual(c, "readableBytes", MethodType.methodType(int.class)).asType(getter),
                            lookup.findVirtual(c, "getByte", MethodType.methodType(byte.class, int.class))
                                    .asType(MethodType.methodType(byte.class, Object.class, int.class)));
                } catch (ReflectiveOperationException | RuntimeException notNettysByteBuf) {
                    return NONE;
                }
            }
        }
        return NONE;
    }
}
