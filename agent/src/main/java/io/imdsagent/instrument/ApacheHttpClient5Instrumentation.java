package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 5.x classic: every {@code execute} variant of {@code InternalHttpClient} (built by
 * {@code HttpClients}) and {@code MinimalHttpClient} reaches {@code doExecute(HttpHost, ClassicHttpRequest,
 * HttpContext)} once, before redirects and retries. The async client hands requests over as producers that
 * write themselves later, so there is no point where its headers can be read before they are sent; it is
 * not covered.
 */
public final class ApacheHttpClient5Instrumentation implements TypeInstrumentation {
    private final AsmVisitorWrapper doExecute = AdviceClassFiles.advice(ClientRequestAdvice.Apache5.class,
            ClientRequestAdvice.ReturnOrThrow.class).on(named("doExecute").and(takesArguments(3)));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return TypeInstrumentation.sdkClass("org.apache.hc.client5.http.impl.classic.InternalHttpClient")
                .or(TypeInstrumentation.sdkClass("org.apache.hc.client5.http.impl.classic.MinimalHttpClient"));
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(doExecute);
    }
}
