package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.none;

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
    public static final String EXEC_RUNTIME = "org.apache.hc.client5.http.impl.classic.InternalExecRuntime";

    @Override
    public String[] classNames() {
        return new String[] {EXEC_RUNTIME};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            // the request as sent, which names its own scheme and authority
            Hook.answer("execute", 4, "httpRequest", constant("apache5"), argument(1), none()),
            Hook.answer("execute", 3, "httpRequest", constant("apache5"), argument(1), none()).unlessOverloadTakes(4),
        };
    }
}
