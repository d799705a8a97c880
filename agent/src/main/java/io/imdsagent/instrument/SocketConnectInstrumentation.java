package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;

/**
 * {@code java.net.Socket#connect(SocketAddress, int)}, JDK 8 to 25: every blocking socket the JDK or a library
 * opens ({@code HttpURLConnection}, Apache HttpClient classic, OkHttp, {@code new Socket(host, port)}, an
 * {@code SSLSocket}) connects through it; {@code connect(SocketAddress)} and the connecting constructors call
 * it. The socket adaptor of a {@code SocketChannel} overrides it and is covered by
 * {@link SocketChannelConnectInstrumentation}.
 */
public final class SocketConnectInstrumentation implements TypeInstrumentation {
    public static final String SOCKET = "java.net.Socket";

    @Override
    public String[] classNames() {
        return new String[] {SOCKET};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.replaceArgument("connect", 2, 0, "connectTarget", self(), argument(0), constant("socket"))
                    .whereArgument(0, "java.net.SocketAddress"),
        };
    }
}
