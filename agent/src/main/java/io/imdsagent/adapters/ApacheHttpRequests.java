package io.imdsagent.adapters;

import io.imdsagent.policy.ImdsAnswer;
import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ImdsV1Decision;
import io.imdsagent.policy.ImdsV1Gate;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.URI;
import java.util.Map;

/**
 * Apache HttpClient 4.x and 5.x classic requests, read and answered through the library's public API (by
 * reflection). Both versions name the target host in an {@code HttpHost}; they differ in how a request
 * tells its method and path and in how a response is made.
 */
final class ApacheHttpRequests {
    private final ImdsV1Gate gate;

    ApacheHttpRequests(ImdsV1Gate gate) {
        this.gate = gate;
    }

    /** @return null to send; the client's {@code CloseableHttpResponse}; or an IOException to throw */
    Object answer(boolean version5, Object context, Object request) throws ReflectiveOperationException {
        Object target = version5 ? targetHost5(request) : targetHost(context);
        if (target == null) {
            // Only a request without an absolute URI has no target, and IMDS is never reached that way.
            return null;
        }
        String scheme = (String) PublicMethods.call(target, "getSchemeName");
        String host = (String) PublicMethods.call(target, "getHostName");
        int port = (Integer) PublicMethods.call(target, "getPort");
        if (!gate.isImds(scheme, host, port)) {
            return null;
        }
        String method;
        String uri;
        if (version5) {
            method = (String) PublicMethods.call(request, "getMethod");
            uri = (String) PublicMethods.call(request, "getPath");
        } else {
            Object line = PublicMethods.call(request, "getRequestLine");
            method = (String) PublicMethods.call(line, "getMethod");
            uri = (String) PublicMethods.call(line, "getUri");
        }
        boolean tokened = PublicMethods.call(request, "getFirstHeader", String.class, ImdsClients.TOKEN_HEADER) != null;
        String client = version5 ? "Apache HttpClient 5" : "Apache HttpClient 4";
        ImdsV1Decision decision = gate.decide(new ImdsRequest(client, method, scheme, host, port, path(uri), tokened)
                .withHeaders(new ImdsRequest.HeaderLookup() {
                    @Override
                    public boolean present(String name) throws ReflectiveOperationException {
                        return PublicMethods.call(request, "getFirstHeader", String.class, name) != null;
                    }
                }));
        if (decision.passes()) {
            return null;
        }
        if (decision.refusal() != null) {
            // The retry handlers of both versions retry an idempotent request after most I/O failures, which would
            // decide (and report) it again; a ConnectException they never retry. Same message, the refusal as cause.
            ConnectException refusal = new ConnectException(decision.refusal().getMessage());
            refusal.initCause(decision.refusal());
            return refusal;
        }
        try {
            return version5 ? response5(target, decision.answer()) : response4(target, decision.answer());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new IOException("imds-agent: could not hand the IMDS answer to " + client + " (" + e
                    + "); the request was not sent", e);
        }
    }

    /**
     * The {@code HttpHost} a 4.x request goes to: {@code doExecute}'s target itself, or {@code MainClientExec}'s
     * {@code HttpRoute}'s.
     */
    static Object targetHost(Object context) throws ReflectiveOperationException {
        return context == null || context.getClass().getName().endsWith("HttpHost") ? context
                : PublicMethods.call(context, "getTargetHost");
    }

    /** The {@code HttpHost} of a 5.x request, from its scheme and authority; null for one without an authority. */
    static Object targetHost5(Object request) throws ReflectiveOperationException {
        Object authority = PublicMethods.call(request, "getAuthority");
        if (authority == null) {
            return null;
        }
        // org.apache.hc.core5.net.URIAuthority -> org.apache.hc.core5.http.HttpHost, relocated or not
        String net = authority.getClass().getName();
        Class<?> host = Class.forName(net.substring(0, net.length() - "net.URIAuthority".length()) + "http.HttpHost",
                false, authority.getClass().getClassLoader());
        return host.getConstructor(String.class, String.class, int.class).newInstance(
                PublicMethods.call(request, "getScheme"), PublicMethods.call(authority, "getHostName"),
                PublicMethods.call(authority, "getPort"));
    }

    /** The path of a request URI, which may be absolute ({@code http://host/path?query}) or a path with a query. */
    static String path(String uri) {
        if (!uri.startsWith("/")) {
            return URI.create(uri).getRawPath();
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** The classes of this copy of the library: the package of {@code HttpHost} names it, relocated or not. */
    private static Class<?> sibling(Object target, String hostPackageRelative) throws ClassNotFoundException {
        String hostClass = target.getClass().getName();
        String root = hostClass.substring(0, hostClass.length() - "HttpHost".length());
        return Class.forName(root + hostPackageRelative, false, target.getClass().getClassLoader());
    }

    /**
     * 4.x: a {@code BasicHttpResponse} with a {@code ByteArrayEntity}, seen through {@code CloseableHttpResponse}
     * (an interface, here a proxy whose {@code close()} has nothing to release).
     */
    private static Object response4(Object target, ImdsAnswer answer) throws ReflectiveOperationException {
        Class<?> protocolVersion = sibling(target, "ProtocolVersion");
        Object http11 = sibling(target, "HttpVersion").getField("HTTP_1_1").get(null);
        final Object response = sibling(target, "message.BasicHttpResponse")
                .getConstructor(protocolVersion, int.class, String.class)
                .newInstance(http11, answer.status(), answer.reason());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            PublicMethods.call(response, "addHeader", new Class<?>[] {String.class, String.class}, header.getKey(),
                    header.getValue());
        }
        Object entity = sibling(target, "entity.ByteArrayEntity").getConstructor(byte[].class)
                .newInstance(answer.body());
        PublicMethods.call(entity, "setContentType", String.class, answer.contentType());
        PublicMethods.call(response, "setEntity", sibling(target, "HttpEntity"), entity);
        Class<?> closeable = sibling(target, "client.methods.CloseableHttpResponse");
        return Proxy.newProxyInstance(closeable.getClassLoader(), new Class<?>[] {closeable}, new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (method.getName().equals("close") && method.getParameterTypes().length == 0) {
                    return null;
                }
                try {
                    return method.invoke(response, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        });
    }

    /** 5.x: a {@code BasicClassicHttpResponse} with a {@code ByteArrayEntity}, adapted to its closeable response. */
    private static Object response5(Object target, ImdsAnswer answer) throws ReflectiveOperationException {
        Object response = sibling(target, "message.BasicClassicHttpResponse").getConstructor(int.class, String.class)
                .newInstance(answer.status(), answer.reason());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            PublicMethods.call(response, "addHeader", new Class<?>[] {String.class, Object.class}, header.getKey(),
                    header.getValue());
        }
        Class<?> contentType = sibling(target, "ContentType");
        Object type = PublicMethods.callStatic(contentType, "parse", new Class<?>[] {CharSequence.class},
                answer.contentType());
        Object entity = sibling(target, "io.entity.ByteArrayEntity").getConstructor(byte[].class, contentType)
                .newInstance(answer.body(), type);
        PublicMethods.call(response, "setEntity", sibling(target, "HttpEntity"), entity);
        String hostClass = target.getClass().getName();
        // org.apache.hc.core5.http.HttpHost -> org.apache.hc.client5.http.impl.classic.CloseableHttpResponse
        String root = hostClass.substring(0, hostClass.length() - "core5.http.HttpHost".length());
        Class<?> closeable = Class.forName(root + "client5.http.impl.classic.CloseableHttpResponse", false,
                target.getClass().getClassLoader());
        return PublicMethods.callStatic(closeable, "adapt", new Class<?>[] {sibling(target, "ClassicHttpResponse")},
                response);
    }
}
