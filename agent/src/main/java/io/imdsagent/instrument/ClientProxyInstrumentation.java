package io.imdsagent.instrument;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.DynamicType;

/**
 * The method where one HTTP client library chooses the proxy for a request's target, with the
 * {@link ProxyChoiceAdvice} that keeps IMDS and the container credential endpoints off it ({@link ClientProxies}).
 * The connection guard alone cannot: it sees only the proxy's address.
 */
public final class ClientProxyInstrumentation implements TypeInstrumentation {
    /** The JDK {@code HttpClient}'s request class, in a JDK package the agent otherwise leaves alone. */
    public static final String JDK_REQUEST = "jdk.internal.net.http.HttpRequestImpl";
    private final String className;
    private final String method;
    private final int[] arities;
    private final Class<?> advice;

    private ClientProxyInstrumentation(String className, String method, Class<?> advice, int... arities) {
        this.className = className;
        this.method = method;
        this.arities = arities;
        this.advice = advice;
    }

    /**
     * Apache HttpClient 4.x, classic and httpasyncclient 4.1: their route planners ({@code DefaultProxyRoutePlanner},
     * {@code SystemDefaultRoutePlanner}) inherit {@code determineRoute}, which takes the request's or the planner's
     * proxy; redirects plan their route again.
     */
    public static ClientProxyInstrumentation apache4() {
        return new ClientProxyInstrumentation("org.apache.http.impl.conn.DefaultRoutePlanner", "determineRoute",
                ProxyChoiceAdvice.Apache4Route.class, 3);
    }

    /**
     * Apache HttpClient 5.x, classic and async: {@code determineRoute} of its {@code DefaultRoutePlanner} (final,
     * inherited by the proxy and system planners); 5.1 has the two-argument one only, later versions both (the
     * two-argument one calls the other, whose direct route it then leaves as it is).
     */
    public static ClientProxyInstrumentation apache5() {
        return new ClientProxyInstrumentation("org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner",
                "determineRoute", ProxyChoiceAdvice.Apache5Route.class, 2, 3);
    }

    /**
     * The JDK's {@code HttpClient} (JDK 11 to 25): every connection and request line asks the request's
     * {@code proxy()}, which a redirect copies from the request before it.
     */
    public static ClientProxyInstrumentation jdkHttpClient() {
        return new ClientProxyInstrumentation(JDK_REQUEST, "proxy",
                ProxyChoiceAdvice.JdkRequest.class, 0);
    }

    /** OkHttp 3 and 4: each call's (and each follow-up's) routes start from {@code RouteSelector.resetNextProxy}. */
    public static ClientProxyInstrumentation okHttp() {
        return new ClientProxyInstrumentation("okhttp3.internal.connection.RouteSelector", "resetNextProxy",
                ProxyChoiceAdvice.OkHttpRoutes.class, 2);
    }

    /** Jetty 12 {@code HttpClient}: each destination (an origin) takes its proxy from {@code match} once. */
    public static ClientProxyInstrumentation jetty() {
        return new ClientProxyInstrumentation("org.eclipse.jetty.client.ProxyConfiguration", "match",
                ProxyChoiceAdvice.JettyMatch.class, 1);
    }

    /** Reactor Netty 1.x: each connection asks {@code shouldProxy} for its remote address. */
    public static ClientProxyInstrumentation reactorNetty() {
        return new ClientProxyInstrumentation("reactor.netty.transport.ProxyProvider", "shouldProxy",
                ProxyChoiceAdvice.ReactorShouldProxy.class, 1);
    }

    /** Vert.x 5 HTTP and web clients: each request's proxy options come from {@code computeProxyOptions}. */
    public static ClientProxyInstrumentation vertx() {
        return new ClientProxyInstrumentation("io.vertx.core.http.impl.HttpClientBase", "computeProxyOptions",
                ProxyChoiceAdvice.VertxProxyOptions.class, 2);
    }

    @Override
    public String[] classNames() {
        return new String[] {className};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        DynamicType.Builder<?> transformed = builder;
        for (int arity : arities) {
            AsmVisitorWrapper advised = AdviceClassFiles.on(method, arity, advice);
            transformed = transformed.visit(advised);
        }
        return transformed;
    }
}
