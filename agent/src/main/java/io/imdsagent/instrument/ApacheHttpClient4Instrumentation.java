package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
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

    @Override
    public String[] classNames() {
        return new String[] {MAIN_EXEC, "org.apache.http.impl.client.MinimalHttpClient",
            "org.apache.http.impl.client.AbstractHttpClient"};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("doExecute", 3,
                        ClientRequestAdvice.Apache4.class, ClientRequestAdvice.ReturnOrThrow.class))
                .visit(AdviceClassFiles.on(ExecMethod.matcher(),
                        ClientRequestAdvice.Apache4Exec.class, ClientRequestAdvice.ReturnOrThrow.class));
    }

    /** Apart, so that verifying the instrumentation at premain loads none of ByteBuddy's matcher types. */
    static final class ExecMethod {
        private ExecMethod() {
        }

        static ElementMatcher.Junction<MethodDescription> matcher() {
            return isDeclaredBy(nameEndsWith(".MainClientExec")).and(named("execute")).and(takesArguments(4));
        }
    }
}
