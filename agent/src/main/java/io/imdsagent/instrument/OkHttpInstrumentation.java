package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.none;

/**
 * OkHttp 3 and 4: {@code okhttp3.internal.http.RetryAndFollowUpInterceptor#intercept(Interceptor.Chain)}, the
 * first of OkHttp's own interceptors, which {@code execute()} and the dispatcher's run of an {@code enqueue}d call
 * both reach once the application's interceptors have run: the request the agent decides on is the one that is
 * sent, with whatever headers those interceptors added. A served answer is its response; a refusal is its
 * {@code IOException}, which {@code execute()} throws and an async call hands to {@code Callback.onFailure}.
 * The redirects it follows connect again, and are decided at the connection.
 */
public final class OkHttpInstrumentation implements TypeInstrumentation {
    public static final String RETRY_AND_FOLLOW_UP = "okhttp3.internal.http.RetryAndFollowUpInterceptor";

    @Override
    public String[] classNames() {
        return new String[] {RETRY_AND_FOLLOW_UP};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("intercept", 1, "httpRequest", constant("okhttp"), argument(0), none()),
        };
    }
}
