package io.imdsagent.adapters;

import io.imdsagent.policy.ImdsAnswer;
import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ImdsV1Decision;
import io.imdsagent.policy.ImdsV1Gate;
import java.io.IOException;
import java.util.Map;

/** OkHttp 3 and 4 calls, read and answered through OkHttp's public API (by reflection). */
final class OkHttpCalls {
    static final String CLIENT = "OkHttp";

    private final ImdsV1Gate gate;

    OkHttpCalls(ImdsV1Gate gate) {
        this.gate = gate;
    }

    /**
     * @param chain the interceptor chain (or a call: both tell their {@code request()})
     * @return null to send; the {@code Response}; or an IOException to throw
     */
    Object answer(Object chain) throws ReflectiveOperationException {
        Object request = PublicMethods.call(chain, "request");
        Object url = PublicMethods.call(request, "url");
        String scheme = (String) PublicMethods.call(url, "scheme");
        String host = (String) PublicMethods.call(url, "host");
        int port = (Integer) PublicMethods.call(url, "port");
        if (!gate.isImds(scheme, host, port)) {
            return null;
        }
        boolean tokened = PublicMethods.call(request, "header", String.class, ImdsClients.TOKEN_HEADER) != null;
        ImdsV1Decision decision = gate.decide(new ImdsRequest(CLIENT, (String) PublicMethods.call(request, "method"),
                scheme, host, port, (String) PublicMethods.call(url, "encodedPath"), tokened)
                .withHeaders(new ImdsRequest.HeaderLookup() {
                    @Override
                    public boolean present(String name) throws ReflectiveOperationException {
                        return PublicMethods.call(request, "header", String.class, name) != null;
                    }
                }));
        if (decision.passes()) {
            return null;
        }
        if (decision.refusal() != null) {
            return decision.refusal();
        }
        try {
            return response(request, decision.answer());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new IOException("imds-agent: could not hand the IMDS answer to OkHttp (" + e
                    + "); the request was not sent", e);
        }
    }

    /** {@code new Response.Builder().request(..).protocol(HTTP_1_1).code(..).message(..).headers.body(..).build()}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object response(Object request, ImdsAnswer answer) throws ReflectiveOperationException {
        Class<?> requestClass = request.getClass();
        // okhttp3.Request, or a relocated copy: the other classes are in the same package.
        String okhttp = requestClass.getName().substring(0, requestClass.getName().lastIndexOf('.') + 1);
        ClassLoader loader = requestClass.getClassLoader();
        Class<?> builderClass = Class.forName(okhttp + "Response$Builder", false, loader);
        Class<?> mediaType = Class.forName(okhttp + "MediaType", false, loader);
        Class<?> protocol = Class.forName(okhttp + "Protocol", false, loader);
        Class<?> responseBody = Class.forName(okhttp + "ResponseBody", false, loader);
        Object type = PublicMethods.callStatic(mediaType, "parse", new Class<?>[] {String.class}, answer.contentType());
        Object body = PublicMethods.callStatic(responseBody, "create", new Class<?>[] {mediaType, byte[].class},
                type, answer.body());
        Object builder = builderClass.getConstructor().newInstance();
        builderClass.getMethod("request", requestClass).invoke(builder, request);
        builderClass.getMethod("protocol", protocol).invoke(builder,
                Enum.valueOf((Class<? extends Enum>) protocol, "HTTP_1_1"));
        builderClass.getMethod("code", int.class).invoke(builder, answer.status());
        builderClass.getMethod("message", String.class).invoke(builder, answer.reason());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            builderClass.getMethod("header", String.class, String.class)
                    .invoke(builder, header.getKey(), header.getValue());
        }
        builderClass.getMethod("body", responseBody).invoke(builder, body);
        return builderClass.getMethod("build").invoke(builder);
    }
}
