package io.imdsagent.instrument;

import io.imdsagent.bootstrap.Bridge;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketAddress;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice where an HTTP client library chooses the proxy for a target: the bridge answers the library's "no proxy"
 * for IMDS and the container credential endpoints, and the library's own choice for anything else (also whenever
 * the agent fails). Inlined into library and JDK classes: JDK types and the bridge only.
 */
final class ProxyChoiceAdvice {

    private ProxyChoiceAdvice() {
    }

    /** Apache HttpClient 4.x {@code DefaultRoutePlanner#determineRoute(HttpHost, HttpRequest, HttpContext)}. */
    static final class Apache4Route {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object route) {
            route = Bridge.proxyChoice("apache4", route, route);
        }
    }

    /** Apache HttpClient 5.x {@code DefaultRoutePlanner#determineRoute(HttpHost, [HttpRequest,] HttpContext)}. */
    static final class Apache5Route {
        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object route) {
            route = Bridge.proxyChoice("apache5", route, route);
        }
    }

    /** The JDK's {@code HttpRequestImpl#proxy()}: the proxy address a request is sent to, null for none. */
    static final class JdkRequest {
        @Advice.OnMethodExit
        static void exit(@Advice.This Object request, @Advice.Return(readOnly = false) InetSocketAddress proxy) {
            proxy = (InetSocketAddress) Bridge.proxyChoice("jdk", request, proxy);
        }
    }

    /** OkHttp's {@code RouteSelector#resetNextProxy(HttpUrl, Proxy)}: the client's proxy, null to ask its selector. */
    static final class OkHttpRoutes {
        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object url, @Advice.Argument(value = 1, readOnly = false) Proxy proxy) {
            proxy = (Proxy) Bridge.proxyChoice("okhttp", url, proxy);
        }
    }

    /** Jetty's {@code ProxyConfiguration#match(Origin)}: the proxy of a new destination, null for none. */
    static final class JettyMatch {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object origin,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object proxy) {
            proxy = Bridge.proxyChoice("jetty", origin, proxy);
        }
    }

    /** Reactor Netty's {@code ProxyProvider#shouldProxy(SocketAddress)}. */
    static final class ReactorShouldProxy {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) SocketAddress address, @Advice.Return(readOnly = false) boolean proxied) {
            proxied = Bridge.proxyChoice("reactor-netty", address, proxied);
        }
    }

    /** Vert.x 5's {@code HttpClientBase#computeProxyOptions(ProxyOptions, SocketAddress)}: null for no proxy. */
    static final class VertxProxyOptions {
        @Advice.OnMethodExit
        static void exit(@Advice.Argument(1) Object address,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object options) {
            options = Bridge.proxyChoice("vertx", address, options);
        }
    }
}
