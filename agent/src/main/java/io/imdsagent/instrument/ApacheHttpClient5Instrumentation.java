package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 5.x classic: {@code InternalExecRuntime#execute(String, ClassicHttpRequest, [callback,]
 * HttpClientContext)} sends each request, of the clients built by {@code HttpClients} and of
 * {@code MinimalHttpClient} alike, once per redirect hop, after every protocol interceptor has run (5.6 adds the
 * client-wide default headers only just before it): the request there is the one that is sent. 5.6 added the
 * variant with a callback, which the older one calls; where it exists only it is hooked. A served answer is the
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
        // Where the 5.6 variant with a callback (four arguments) is declared, the three-argument one calls it.
        return builder.visit(AdviceClassFiles.on(ExecuteMethod.matcher(),
                ClientRequestAdvice.Apache5.class, ClientRequestAdvice.ReturnOrThrow.class));
    }

    /** Apart, so that verifying the instrumentation at premain loads none of ByteBuddy's matcher types. */
    static final class ExecuteMethod {
        private ExecuteMethod() {
        }

        static ElementMatcher.Junction<MethodDescription> matcher() {
            return named("execute").and(takesArguments(4).or(takesArguments(3)
                    .and(isDeclaredBy(not(declaresMethod(named("execute").and(takesArguments(4))))))));
        }
    }
}
