package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 4.x. A client built by {@code HttpClients} or {@code HttpClientBuilder} runs each request
 * through redirects, retries and the protocol interceptors (which add client-wide default headers) down to
 * {@code MainClientExec#execute(HttpRoute, HttpRequestWrapper, ...)}, where the request is the one that is sent:
 * hooked there, once per request and per redirect hop. {@code HttpClients.createMinimal()}
 * ({@code MinimalHttpClient}) and the deprecated {@code DefaultHttpClient} ({@code AbstractHttpClient}) have no
 * such chain; their {@code doExecute(HttpHost, HttpRequest, HttpContext)} is hooked.
 */
public final class ApacheHttpClient4Instrumentation implements TypeInstrumentation {
    static final String MAIN_EXEC = "org.apache.http.impl.execchain.MainClientExec";

    private final AsmVisitorWrapper doExecute = AdviceClassFiles.advice(ClientRequestAdvice.Apache4.class,
            ClientRequestAdvice.ReturnOrThrow.class).on(named("doExecute").and(takesArguments(3)));
    private final AsmVisitorWrapper mainExec = AdviceClassFiles.advice(ClientRequestAdvice.Apache4Exec.class,
            ClientRequestAdvice.ReturnOrThrow.class)
            .on(isDeclaredBy(named(MAIN_EXEC)).and(named("execute")).and(takesArguments(4)));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named(MAIN_EXEC)
                .or(named("org.apache.http.impl.client.MinimalHttpClient"))
                .or(named("org.apache.http.impl.client.AbstractHttpClient"));
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(doExecute).visit(mainExec);
    }
}
