package io.imdsagent.adapters;

import io.imdsagent.policy.ImdsAnswer;
import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ImdsV1Decision;
import io.imdsagent.policy.ImdsV1Gate;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Requests of the JDK's {@code java.net.http.HttpClient}. The agent is Java 8 bytecode, so the JDK 11 API is
 * reached by reflection (on its public types: the implementations are not accessible) and the response is a
 * proxy of {@code HttpResponse}. The body goes through the application's own {@code BodyHandler}, so it gets
 * the body type it asked for (string, bytes, stream...).
 */
final class JdkHttpClientRequests {
    static final String CLIENT = "java.net.http.HttpClient";

    private final ImdsV1Gate gate;

    JdkHttpClientRequests(ImdsV1Gate gate) {
        this.gate = gate;
    }

    /** @return null to send; else a future of the response, completed (or failed with the refusal) */
    Object answer(Object request, Object bodyHandler) throws ReflectiveOperationException {
        Api api = Api.get();
        URI uri = (URI) api.uri.invoke(request, PublicMethods.NO_ARGUMENTS);
        if (uri == null || !gate.isImds(uri.getScheme(), uri.getHost(), uri.getPort())) {
            return null;
        }
        final Object headers = api.headers.invoke(request);
        boolean tokened = ((Optional<?>) api.firstValue.invoke(headers, ImdsClients.TOKEN_HEADER)).isPresent();
        ImdsV1Decision decision = gate.decide(new ImdsRequest(CLIENT, (String) api.method.invoke(request),
                uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath(), tokened)
                .withHeaders(new ImdsRequest.HeaderLookup() {
                    @Override
                    public boolean present(String name) throws ReflectiveOperationException {
                        return ((Optional<?>) api.firstValue.invoke(headers, name)).isPresent();
                    }
                }));
        if (decision.passes()) {
            return null;
        }
        if (decision.refusal() != null) {
            return failed(decision.refusal());
        }
        try {
            return respond(api, request, uri, bodyHandler, decision.answer());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return failed(new IOException("imds-agent: could not hand the IMDS answer to java.net.http.HttpClient ("
                    + e + "); the request was not sent", e));
        }
    }

    private static CompletableFuture<Object> failed(IOException refusal) {
        CompletableFuture<Object> future = new CompletableFuture<Object>();
        future.completeExceptionally(refusal);
        return future;
    }

    private static CompletableFuture<Object> respond(final Api api, final Object request, final URI uri,
                                                     Object bodyHandler, final ImdsAnswer answer)
            throws ReflectiveOperationException {
        Map<String, List<String>> headerMap = new LinkedHashMap<String, List<String>>();
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            headerMap.put(header.getKey(), Collections.singletonList(header.getValue()));
        }
        final Object headers = api.headersOf.invoke(null, headerMap, new BiPredicate<String, String>() {
            @Override
            public boolean test(String name, String value) {
                return true;
            }
        });
        final Object version = api.http11;
        Object info = Proxy.newProxyInstance(JdkHttpClientRequests.class.getClassLoader(),
                new Class<?>[] {api.responseInfo}, new InvocationHandler() {
                    @Override
                    public Object invoke(Object proxy, Method method, Object[] args) {
                        String name = method.getName();
                        if (name.equals("statusCode")) {
                            return answer.status();
                        }
                        if (name.equals("headers")) {
                            return headers;
                        }
                        if (name.equals("version")) {
                            return version;
                        }
                        return objectMethod(proxy, method, args, "ResponseInfo(" + answer.status() + ")");
                    }
                });
        Object subscriber = api.apply.invoke(bodyHandler, info);
        api.onSubscribe.invoke(subscriber, Proxy.newProxyInstance(JdkHttpClientRequests.class.getClassLoader(),
                new Class<?>[] {api.subscription}, new OneBuffer(api, subscriber, answer.body())));
        CompletionStage<?> body = (CompletionStage<?>) api.getBody.invoke(subscriber);
        return body.toCompletableFuture().thenApply(new Function<Object, Object>() {
            @Override
            public Object apply(final Object value) {
                return Proxy.newProxyInstance(JdkHttpClientRequests.class.getClassLoader(),
                        new Class<?>[] {api.httpResponse}, new InvocationHandler() {
                            @Override
                            public Object invoke(Object proxy, Method method, Object[] args) {
                                String name = method.getName();
                                if (name.equals("statusCode")) {
                                    return answer.status();
                                }
                                if (name.equals("request")) {
                                    return request;
                                }
                                if (name.equals("previousResponse") || name.equals("sslSession")) {
                                    return Optional.empty();
                                }
                                if (name.equals("headers")) {
                                    return headers;
                                }
                                if (name.equals("body")) {
                                    return value;
                                }
                                if (name.equals("uri")) {
                                    return uri;
                                }
                                if (name.equals("version")) {
                                    return version;
                                }
                                // As the JDK's own responses print themselves.
                                return objectMethod(proxy, method, args, "(GET " + uri + ") " + answer.status());
                            }
                        });
            }
        });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, String text) {
        String name = method.getName();
        if (name.equals("equals")) {
            return proxy == args[0];
        }
        if (name.equals("hashCode")) {
            return System.identityHashCode(proxy);
        }
        if (name.equals("toString")) {
            return text;
        }
        throw new UnsupportedOperationException("imds-agent: " + method + " is not available on a served answer");
    }

    /** The subscription of a body of one buffer: delivered on the first demand, then complete. */
    private static final class OneBuffer implements InvocationHandler {
        private final Api api;
        private final Object subscriber;
        private final byte[] body;
        private boolean done; // guarded by this

        OneBuffer(Api api, Object subscriber, byte[] body) {
            this.api = api;
            this.subscriber = subscriber;
            this.body = body;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("request")) {
                synchronized (this) {
                    if (done || (Long) args[0] <= 0) {
                        return null;
                    }
                    done = true;
                }
                if (body.length > 0) {
                    api.onNext.invoke(subscriber, Collections.singletonList(ByteBuffer.wrap(body)));
                }
                api.onComplete.invoke(subscriber);
                return null;
            }
            if (name.equals("cancel")) {
                synchronized (this) {
                    done = true;
                }
                return null;
            }
            return objectMethod(proxy, method, args, "Subscription(" + body.length + " bytes)");
        }
    }

    /** The public JDK 11 types and methods this class uses, looked up once. */
    private static final class Api {
        private static volatile Api api;

        final Method uri;
        final Method method;
        final Method headers;
        final Method firstValue;
        final Method headersOf;
        final Object http11;
        final Class<?> responseInfo;
        final Class<?> httpResponse;
        final Class<?> subscription;
        final Method apply;
        final Method onSubscribe;
        final Method onNext;
        final Method onComplete;
        final Method getBody;

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Api() throws ReflectiveOperationException {
            Class<?> request = Class.forName("java.net.http.HttpRequest");
            Class<?> httpHeaders = Class.forName("java.net.http.HttpHeaders");
            Class<?> flowSubscriber = Class.forName("java.util.concurrent.Flow$Subscriber");
            uri = request.getMethod("uri");
            method = request.getMethod("method");
            headers = request.getMethod("headers");
            firstValue = httpHeaders.getMethod("firstValue", String.class);
            headersOf = httpHeaders.getMethod("of", Map.class, BiPredicate.class);
            Class<? extends Enum> version = (Class<? extends Enum>) Class.forName("java.net.http.HttpClient$Version");
            http11 = Enum.valueOf(version, "HTTP_1_1");
            responseInfo = Class.forName("java.net.http.HttpResponse$ResponseInfo");
            httpResponse = Class.forName("java.net.http.HttpResponse");
            subscription = Class.forName("java.util.concurrent.Flow$Subscription");
            apply = Class.forName("java.net.http.HttpResponse$BodyHandler").getMethod("apply", responseInfo);
            onSubscribe = flowSubscriber.getMethod("onSubscribe", subscription);
            onNext = flowSubscriber.getMethod("onNext", Object.class);
            onComplete = flowSubscriber.getMethod("onComplete");
            getBody = Class.forName("java.net.http.HttpResponse$BodySubscriber").getMethod("getBody");
        }

        static Api get() throws ReflectiveOperationException {
            Api known = api;
            if (known == null) {
                known = new Api();
                api = known;
            }
            return known;
        }
    }
}
