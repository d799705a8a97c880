package io.imdsagent.relay;

/**
 * Names the HTTP client that opens a connection from the connecting thread's stack, for events: the most
 * specific library on it (Reactor Netty and Vert.x rather than the Netty they run on), relocated copies
 * too; else the path that connects ({@code socket}, {@code socket-channel}, {@code async-socket-channel},
 * {@code netty-native}).
 */
public final class ClientNames {
    /** Package prefix and client name, most specific first. */
    private static final String[][] LIBRARIES = {
        {"reactor.netty.", "Reactor Netty"},
        {"io.vertx.", "Vert.x"},
        {"org.eclipse.jetty.", "Jetty"},
        {"org.apache.hc.client5.http.impl.async.", "Apache HttpClient 5 async"},
        {"org.apache.hc.core5.reactor.", "Apache HttpClient 5 async"},
        {"org.apache.hc.client5.", "Apache HttpClient 5"},
        {"org.apache.http.impl.nio.", "Apache HttpAsyncClient 4"},
        {"org.apache.http.nio.", "Apache HttpAsyncClient 4"},
        {"org.apache.http.", "Apache HttpClient 4"},
        {"okhttp3.", "OkHttp"},
        {"com.squareup.okhttp.", "OkHttp"},
        {"jdk.internal.net.http.", "java.net.http.HttpClient"},
        {"sun.net.www.protocol.http.", "HttpURLConnection"},
        {"io.netty.", "Netty"},
    };

    private ClientNames() {
    }

    /** @param path the hooked path that connects, named when no library is on the stack */
    public static String of(StackTraceElement[] stack, String path) {
        for (String[] library : LIBRARIES) {
            String prefix = library[0];
            for (StackTraceElement frame : stack) {
                String name = frame.getClassName();
                if (name.startsWith(prefix) || name.contains("." + prefix)) {
                    return library[1];
                }
            }
        }
        return path;
    }
}
