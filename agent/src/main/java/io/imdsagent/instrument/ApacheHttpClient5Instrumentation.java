package io.imdsagent.instrument;

import net.bytebuddy.dynamic.DynamicType;

/**
 * Apache HttpClient 5.x classic: {@code InternalExecRuntime#execute(String, ClassicHttpRequest, [callback,]
 * HttpClientContext)} sends each request, of the clients built by {@code HttpClients} and of
 * {@code MinimalHttpClient} alike, once per redirect hop, after every protocol interceptor has run (5.6 adds the
 * client-wide default headers only just before it): the request there is the one that is sent. 5.6 added the
 * variant with a callback, which the exec chain calls; both are hooked. A served answer is the
 * runtime's response; a refusal is its {@code IOException}, after which the client discards the connection it
 * had opened (to the agent's relay). The async client is decided at the connection.
 */
public final class ApacheHttpClient5Instrumentation implements TypeInstrumentation {
    static final String EXEC_RUNTIME = "org.apache.hc.client5.http.impl.classic.InternalExecRuntime";

    @Override
    public String[] classNames() {
        return new String[] {EXEC_RUNTIME};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        // Both variants where both exist: the older one calls the newer only for callers outside the exec chain
        // (a proxy tunnel's CONNECT), whose target is then decided twice.
        return builder.visit(AdviceClassFiles.on("execute", 4,
                        ClientRequestAdvice.Apache5.class, ClientRequestAdvice.ReturnOrThrow.class))
                .visit(AdviceClassFiles.on("execute", 3,
                        ClientRequestAdvice.Apache5.class, ClientRequestAdvice.ReturnOrThrow.class));
    }
}
