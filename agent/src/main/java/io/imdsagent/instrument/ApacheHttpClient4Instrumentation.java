package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;

/**
 * Apache HttpClient 4.x. A client built by {@code HttpClients} or {@code HttpClientBuilder} runs each request
 * through redirects, retries and the protocol interceptors (which add client-wide default headers) down to
 * {@code MainClientExec#execute(HttpRoute, HttpRequestWrapper, ...)}, where the request is the one that is sent:
 * hooked there, once per request and per redirect hop. {@code HttpClients.createMinimal()}
 * ({@code MinimalHttpClient}) and the deprecated {@code DefaultHttpClient} ({@code AbstractHttpClient}) have no
 * such chain; their {@code doExecute(HttpHost, HttpRequest, HttpContext)} is hooked.
 */
public final class ApacheHttpClient4Instrumentation implements TypeInstrumentation {
    public static final String MINIMAL_CLIENT = "org.apache.http.impl.client.MinimalHttpClient";
    public static final String ABSTRACT_CLIENT = "org.apache.http.impl.client.AbstractHttpClient";
    public static final String MAIN_EXEC = "org.apache.http.impl.execchain.MainClientExec";

    @Override
    public String[] classNames() {
        return new String[] {MAIN_EXEC, MINIMAL_CLIENT, ABSTRACT_CLIENT};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("doExecute", 3, "httpRequest", constant("apache4"), argument(1), argument(0)),
            // the request after the protocol interceptors (default headers), the route naming the target
            Hook.answer("execute", 4, "httpRequest", constant("apache4"), argument(1), argument(0)).onlyIn(MAIN_EXEC),
        };
    }
}
