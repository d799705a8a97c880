package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;

/**
 * The JDK's {@code http:} URL handler ({@code sun.net.www.protocol.http.Handler}, java.base, the same on JDK 8
 * to 25): every {@code HttpURLConnection} an application opens, through {@code URL.openConnection} or
 * {@code URL.openStream}, with or without a proxy argument, comes from its {@code openConnection(URL, Proxy)}.
 * A connection to IMDS is handed out wrapped ({@link GuardedHttpUrlConnection}); no other is touched. Hooked on
 * entry, so that the class is woven by the entry patcher and a JVM that opens an {@code HttpURLConnection} (most
 * do) loads no ASM reader or writer for it: the agent has the JDK open the connection to IMDS itself.
 *
 * <p>Why a wrapper rather than a hook on the connection class itself: the application's headers are final
 * only when the request is sent, and serving an answer means setting the response state of
 * {@code sun.net.www.protocol.http.HttpURLConnection}, whose private fields differ between JDK versions. The
 * wrapper uses only the public {@code java.net.HttpURLConnection} API of the real connection.
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
    public static final String HANDLER = "sun.net.www.protocol.http.Handler";

    @Override
    public String[] classNames() {
        return new String[] {HANDLER};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("openConnection", 2, "imdsConnection", argument(0), argument(1)),
        };
    }
}
