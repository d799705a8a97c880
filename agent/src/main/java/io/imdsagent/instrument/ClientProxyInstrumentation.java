package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;

/**
 * The method where one HTTP client library chooses the proxy for a request's target, hooked so that IMDS and the
 * container credential endpoints get the library's own "no proxy" ({@code Bridge.proxyChoice}, answered by
 * {@code adapters.ClientProxies}). The connection guard alone cannot keep them off a proxy: it sees only the
 * proxy's address.
 */
public final class ClientProxyInstrumentation implements TypeInstrumentation {
    public static final String APACHE4_ROUTE_PLANNER = "org.apache.http.impl.conn.DefaultRoutePlanner";
    public static final String APACHE5_ROUTE_PLANNER = "org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner";
    public static final String JDK_HTTP_REQUEST = "jdk.internal.net.http.HttpRequestImpl";
    public static final String OKHTTP_ROUTE_SELECTOR = "okhttp3.internal.connection.RouteSelector";
    public static final String JETTY_PROXY_CONFIGURATION = "org.eclipse.jetty.client.ProxyConfiguration";
    public static final String REACTOR_PROXY_PROVIDER = "reactor.netty.transport.ProxyProvider";
    public static final String VERTX_HTTP_CLIENT = "io.vertx.core.http.impl.HttpClientBase";

    private final String className;
    private final Hook[] hooks;

    private ClientProxyInstrumentation(String className, Hook... hooks) {
        this.className = className;
        this.hooks = hooks;
    }

    /**
     * Apache HttpClient 4.x, classic and httpasyncclient 4.1: their route planners ({@code DefaultProxyRoutePlanner},
     * {@code SystemDefaultRoutePlanner}) inherit {@code determineRoute(HttpHost, HttpRequest, HttpContext)}, which
     * takes the request's or the planner's proxy; redirects plan their route again.
     */
    public static ClientProxyInstrumentation apache4() {
        return new ClientProxyInstrumentation(APACHE4_ROUTE_PLANNER,
                Hook.filterReturn("determineRoute", 3, "proxyChoice", constant("apache4"), argument(0)));
    }

    /**
     * Apache HttpClient 5.x, classic and async: {@code determineRoute} of its {@code DefaultRoutePlanner} (final,
     * inherited by the proxy and system planners); 5.1 has the two-argument one only, later versions both (the
     * two-argument one calls the other, whose direct route it then leaves as it is).
     */
    public static ClientProxyInstrumentation apache5() {
        return new ClientProxyInstrumentation(APACHE5_ROUTE_PLANNER,
                Hook.filterReturn("determineRoute", 3, "proxyChoice", constant("apache5"), argument(0)),
                Hook.filterReturn("determineRoute", 2, "proxyChoice", constant("apache5"), argument(0)));
    }

    /**
     * The JDK's {@code HttpClient} (JDK 11 to 25): every connection and request line asks the request's
     * {@code proxy()} (null for none), which a redirect copies from the request before it.
     */
    public static ClientProxyInstrumentation jdkHttpClient() {
        return new ClientProxyInstrumentation(JDK_HTTP_REQUEST,
                Hook.filterReturn("proxy", 0, "proxyChoice", constant("jdk"), self()));
    }

    /**
     * OkHttp 3 and 4: each call's (and each follow-up's) routes start from {@code RouteSelector#resetNextProxy(HttpUrl,
     * Proxy)}, the client's proxy or null to ask its {@code ProxySelector}.
     */
    public static ClientProxyInstrumentation okHttp() {
        return new ClientProxyInstrumentation(OKHTTP_ROUTE_SELECTOR,
                Hook.replaceArgument("resetNextProxy", 2, 1, "proxyChoice", constant("okhttp"), argument(0),
                        argument(1)));
    }

    /** Jetty 12 {@code HttpClient}: each destination (an origin) takes its proxy from {@code match(Origin)} once. */
    public static ClientProxyInstrumentation jetty() {
        return new ClientProxyInstrumentation(JETTY_PROXY_CONFIGURATION,
                Hook.filterReturn("match", 1, "proxyChoice", constant("jetty"), argument(0)));
    }

    /** Reactor Netty 1.x: each connection asks {@code shouldProxy(SocketAddress)} for its remote address. */
    public static ClientProxyInstrumentation reactorNetty() {
        return new ClientProxyInstrumentation(REACTOR_PROXY_PROVIDER,
                Hook.filterReturn("shouldProxy", 1, "proxies", constant("reactor-netty"), argument(0)));
    }

    /**
     * Vert.x 5 HTTP and web clients: each request's proxy options come from
     * {@code HttpClientBase#computeProxyOptions(ProxyOptions, SocketAddress)}, null for none.
     */
    public static ClientProxyInstrumentation vertx() {
        return new ClientProxyInstrumentation(VERTX_HTTP_CLIENT,
                Hook.filterReturn("computeProxyOptions", 2, "proxyChoice", constant("vertx"), argument(1)));
    }

    @Override
    public String[] classNames() {
        return new String[] {className};
    }

    @Override
    public Hook[] hooks() {
        return hooks.clone();
    }
}
