package io.imdsagent.instrument;

import io.imdsagent.bootstrap.Bridge;
import java.net.Proxy;
import java.net.URL;
import java.net.URLConnection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

/**
 * The JDK's {@code http:} URL handler ({@code sun.net.www.protocol.http.Handler}, java.base, the same on JDK 8
 * to 25): every {@code HttpURLConnection} an application opens, through {@code URL.openConnection} or
 * {@code URL.openStream}, with or without a proxy argument, comes from its {@code openConnection(URL, Proxy)}.
 * A connection to IMDS is handed out wrapped ({@link GuardedHttpUrlConnection}); no other is touched.
 *
 * <p>Why a wrapper rather than advice on the connection class itself: the application's headers are final
 * only when the request is sent, and serving an answer means setting the response state of
 * {@code sun.net.www.protocol.http.HttpURLConnection}, whose private fields differ between JDK versions. The
 * wrapper uses only the public {@code java.net.HttpURLConnection} API of the real connection.
 */
public final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
    static final String HANDLER = "sun.net.www.protocol.http.Handler";

    @Override
    public String[] classNames() {
        return new String[] {HANDLER};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("openConnection", 2, OpenConnection.class));
    }

    static final class OpenConnection {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) URL url, @Advice.Argument(1) Proxy proxy,
                         @Advice.Return(readOnly = false) URLConnection opened) {
            opened = Bridge.imdsConnection(url, proxy, opened);
        }
    }
}
