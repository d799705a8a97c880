package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;

/**
 * The JDK's {@code java.net.http.HttpClient} ({@code jdk.internal.net.http.HttpClientImpl}, module java.net.http,
 * JDK 11 to 25): {@code send} and both public {@code sendAsync} go through the private
 * {@code sendAsync(HttpRequest, BodyHandler, PushPromiseHandler, Executor)}, in the caller's thread, which
 * returns the response future. A served answer or a refusal is that future, completed; {@code send} then
 * returns the response or throws an {@code IOException} carrying the refusal's message, as it does for its own
 * failures.
 */
public final class JdkHttpClientInstrumentation implements TypeInstrumentation {
    public static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";

    @Override
    public String[] classNames() {
        return new String[] {CLIENT};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("sendAsync", 4, "httpRequest", constant("jdk"), argument(0), argument(1)),
        };
    }
}
