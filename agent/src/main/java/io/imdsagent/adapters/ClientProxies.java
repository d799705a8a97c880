package io.imdsagent.adapters;

import io.imdsagent.policy.ImdsV1Gate;
import java.lang.ref.WeakReference;
import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;

/**
 * Keeps requests to IMDS and the container credential endpoints off HTTP clients' proxies, where each library
 * chooses its proxy for a target ({@code Bridge.proxyChoice}): for such a target the answer is the library's own
 * "no proxy", so it connects directly, and the connection guard and the request hooks decide the request as any
 * direct one. A target is recognised by its host as the library holds it (IMDS and container addresses in every
 * literal spelling, the {@code endpoint} option's host and port); a name that only DNS turns into IMDS is left to
 * the proxy, which resolves it, not the JVM. Each bypass is reported once as {@code proxy-bypassed}.
 *
 * <p>The libraries are read by reflection through their public API, and only when they chose a proxy: a request
 * without one costs a null check (Apache's, whose route is always there, one cached getter call for its proxy).
 */
final class ClientProxies {
    private final ImdsV1Gate gate;
    private final RecentTargets reported = new RecentTargets();

    ClientProxies(ImdsV1Gate gate) {
        this.gate = gate;
    }

    /** See {@code Bridge.proxyChoice}; a library version whose API differs throws, and keeps its choice. */
    Object choice(String client, Object target, Object chosen) throws ReflectiveOperationException {
        if (chosen == null || target == null) {
            // OkHttp passes null when the client names no proxy and asks its ProxySelector next: none for IMDS.
            boolean okHttpToGuarded = client.equals("okhttp") && target != null && isGuarded(okHttpTarget(target));
            return okHttpToGuarded ? Proxy.NO_PROXY : chosen;
        }
        if (client.equals("apache4") || client.equals("apache5")) {
            return apacheRoute(client, chosen);
        }
        Target named = target(client, target);
        if (named == null || !isGuarded(named)) {
            return chosen;
        }
        report(client, target, named);
        return direct(client);
    }

    /** The scheme, host and port the library is about to request; null when it names none. */
    private static Target target(String client, Object target) throws ReflectiveOperationException {
        if (client.equals("jdk")) {
            URI uri = (URI) httpRequestApi(target.getClass()).getMethod("uri")
                    .invoke(target, PublicMethods.NO_ARGUMENTS);
            return uri == null ? null : new Target(uri.getScheme(), uri.getHost(), uri.getPort());
        }
        if (client.equals("okhttp")) {
            return okHttpTarget(target);
        }
        if (client.equals("jetty")) {
            Object address = PublicMethods.call(target, "getAddress");
            return new Target((String) PublicMethods.call(target, "getScheme"),
                    (String) PublicMethods.call(address, "getHost"), (Integer) PublicMethods.call(address, "getPort"));
        }
        if (client.equals("reactor-netty")) {
            if (!(target instanceof InetSocketAddress)) {
                return null;
            }
            InetSocketAddress address = (InetSocketAddress) target;
            return new Target("http", address.getHostString(), address.getPort());
        }
        if (client.equals("vertx")) {
            return new Target("http", (String) PublicMethods.call(target, "host"),
                    (Integer) PublicMethods.call(target, "port"));
        }
        return null;
    }

    /** {@code java.net.http.HttpRequest}: the JDK's request class itself is in a package the JDK does not export. */
    private static Class<?> httpRequestApi(Class<?> request) throws ClassNotFoundException {
        for (Class<?> type = request; type != null; type = type.getSuperclass()) {
            if (type.getName().equals("java.net.http.HttpRequest")) {
                return type;
            }
        }
        throw new ClassNotFoundException("java.net.http.HttpRequest is no superclass of " + request.getName());
    }

    private static Target okHttpTarget(Object url) throws ReflectiveOperationException {
        return new Target((String) PublicMethods.call(url, "scheme"), (String) PublicMethods.call(url, "host"),
                (Integer) PublicMethods.call(url, "port"));
    }

    /** What each library takes for "no proxy". */
    private static Object direct(String client) {
        if (client.equals("okhttp")) {
            return Proxy.NO_PROXY;
        }
        return client.equals("reactor-netty") ? Boolean.FALSE : null;
    }

    /**
     * Apache HttpClient 4 and 5 choose a route: a route through a proxy to IMDS becomes the direct route its planner
     * builds for a target without one (target, local address, secure; HttpClient 5.4 and later also the target's name).
     */
    private Object apacheRoute(String client, Object route) throws ReflectiveOperationException {
        if (PublicMethods.call(route, "getProxyHost") == null) {
            return route;
        }
        Object target = PublicMethods.call(route, "getTargetHost");
        Target named = new Target((String) PublicMethods.call(target, "getSchemeName"),
                (String) PublicMethods.call(target, "getHostName"), (Integer) PublicMethods.call(target, "getPort"));
        if (!isGuarded(named)) {
            return route;
        }
        Class<?> host = target.getClass();
        Object local = PublicMethods.call(route, "getLocalAddress");
        Object secure = PublicMethods.call(route, "isSecure");
        Object direct;
        Constructor<?> withName = namedRoute(route.getClass(), host);
        if (withName != null) {
            direct = withName.newInstance(target, PublicMethods.call(route, "getTargetName"), local, secure);
        } else {
            direct = route.getClass().getConstructor(host, InetAddress.class, boolean.class)
                    .newInstance(target, local, secure);
        }
        report(client, route, named);
        return direct;
    }

    /** HttpClient 5.4+'s {@code HttpRoute(HttpHost, NamedEndpoint, InetAddress, boolean)}, else null. */
    private static Constructor<?> namedRoute(Class<?> route, Class<?> host) {
        for (Constructor<?> constructor : route.getConstructors()) {
            Class<?>[] types = constructor.getParameterTypes();
            if (types.length == 4 && types[0] == host && types[1].getName().endsWith(".NamedEndpoint")
                    && types[2] == InetAddress.class && types[3] == boolean.class) {
                return constructor;
            }
        }
        return null;
    }

    private boolean isGuarded(Target target) {
        return target.host != null
                && (gate.isImds(target.scheme, target.host, target.port) || gate.isContainer(target.host));
    }

    /**
     * One event per request: the JDK's {@code HttpClient} asks a request for its proxy several times while sending
     * it, Reactor Netty twice per connection, each time with the same object.
     */
    private void report(String client, Object target, Target named) {
        if (reported.add(target)) {
            gate.proxyBypassed(client, named.host, named.url());
        }
    }

    /** A request's target as a library holds it: the port is -1 for the scheme's default. */
    private static final class Target {
        final String scheme;
        final String host;
        final int port;

        Target(String scheme, String host, int port) {
            this.scheme = scheme;
            this.host = host;
            this.port = port;
        }

        String url() {
            String literal = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            return scheme + "://" + (port < 0 ? literal : literal + ":" + port) + "/";
        }
    }

    /** The last few targets reported, by identity and weakly held: enough to fold one request's repeated asks. */
    static final class RecentTargets {
        private final WeakReference<?>[] slots = new WeakReference<?>[16];
        private int next;

        /** Whether {@code target} was not among the recent ones; it is now. */
        synchronized boolean add(Object target) {
            for (WeakReference<?> slot : slots) {
                if (slot != null && slot.get() == target) {
                    return false;
                }
            }
            slots[next] = new WeakReference<Object>(target);
            next = (next + 1) % slots.length;
            return true;
        }
    }
}
