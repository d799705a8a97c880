package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 4.x: every {@code execute} variant of a client built by {@code HttpClients} or
 * {@code HttpClientBuilder} ({@code InternalHttpClient}), of {@code HttpClients.createMinimal()}
 * ({@code MinimalHttpClient}) and of the deprecated {@code DefaultHttpClient} ({@code AbstractHttpClient})
 * reaches {@code doExecute(HttpHost, HttpRequest, HttpContext)} once, before redirects and retries. Headers
 * that request interceptors would add later (client-wide default headers) are not seen there.
 */
public final class ApacheHttpClient4Instrumentation implements TypeInstrumentation {
    private final AsmVisitorWrapper doExecute = AdviceClassFiles.advice(ClientRequestAdvice.Apache4.class,
            ClientRequestAdvice.ReturnOrThrow.class).on(named("doExecute").and(takesArguments(3)));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return TypeInstrumentation.sdkClass("org.apache.http.impl.client.InternalHttpClient")
                .or(TypeInstrumentation.sdkClass("org.apache.http.impl.client.MinimalHttpClient"))
                .or(TypeInstrumentation.sdkClass("org.apache.http.impl.client.AbstractHttpClient"));
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(doExecute);
    }
}
