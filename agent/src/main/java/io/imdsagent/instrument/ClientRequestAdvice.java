package io.imdsagent.instrument;

import io.imdsagent.bootstrap.Bridge;
import java.io.IOException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the methods where an HTTP client library sends a request: on entry the bridge decides (cheaply,
 * for anything that is not IMDS); an answer skips the library's method and becomes its return value; an
 * {@link IOException} is thrown from it, as the library throws its own I/O failures. Inlined into library
 * classes and JDK classes: JDK types and the bridge only, no lambdas.
 */
final class ClientRequestAdvice {

    private ClientRequestAdvice() {
    }

    /** Apache HttpClient 4.x {@code doExecute(HttpHost target, HttpRequest request, HttpContext context)}. */
    static final class Apache4 {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object target, @Advice.Argument(1) Object request) {
            return Bridge.httpRequest("apache4", request, target);
        }
    }

    /**
     * Apache HttpClient 5.x classic {@code InternalExecRuntime#execute(String id, ClassicHttpRequest request, ...)}:
     * the request as sent, which names its own scheme and authority.
     */
    static final class Apache5 {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.Argument(1) Object request) {
            return Bridge.httpRequest("apache5", request, null);
        }
    }

    /**
     * Apache HttpClient 4.x {@code MainClientExec#execute(HttpRoute, HttpRequestWrapper, HttpClientContext,
     * HttpExecutionAware)}: the request after the protocol interceptors (default headers), the route naming the target.
     */
    static final class Apache4Exec {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object route, @Advice.Argument(1) Object request) {
            return Bridge.httpRequest("apache4", request, route);
        }
    }

    /** OkHttp's {@code RetryAndFollowUpInterceptor.intercept(Chain)}: the chain's {@code request()} is read. */
    static final class OkHttp {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object chain) {
            return Bridge.httpRequest("okhttp", chain, null);
        }
    }

    /** The JDK's {@code HttpClientImpl.sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)}. */
    static final class JdkHttpClient {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object bodyHandler) {
            return Bridge.httpRequest("jdk", request, bodyHandler);
        }
    }

    /** Exit: not suppressed, because a refusal must reach the caller as the library's own I/O failure. */
    static final class ReturnOrThrow {
        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object served,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned)
                throws IOException {
            if (served instanceof IOException) {
                throw (IOException) served;
            }
            if (served != null) {
                returned = served;
            }
        }
    }
}
