package io.imdsagent.instrument;

import net.bytebuddy.dynamic.DynamicType;

/**
 * OkHttp's {@code RealCall} ({@code okhttp3.RealCall} in 3.x, {@code okhttp3.internal.connection.RealCall} in
 * 4.x): both {@code execute()} and the dispatcher's run of an {@code enqueue}d call get their response from
 * {@code getResponseWithInterceptorChain()} (4.x: {@code getResponseWithInterceptorChain$okhttp()}). A served
 * answer is that response; a refusal is its {@code IOException}, which {@code execute()} throws and an async
 * call hands to {@code Callback.onFailure}.
 */
public final class OkHttpInstrumentation implements TypeInstrumentation {
    static final String CALL_3 = "okhttp3.RealCall";
    static final String CALL_4 = "okhttp3.internal.connection.RealCall";

    @Override
    public String[] classNames() {
        return new String[] {CALL_3, CALL_4};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("getResponseWithInterceptorChain", 0,
                        ClientRequestAdvice.OkHttp.class, ClientRequestAdvice.ReturnOrThrow.class))
                .visit(AdviceClassFiles.on("getResponseWithInterceptorChain$okhttp", 0,
                        ClientRequestAdvice.OkHttp.class, ClientRequestAdvice.ReturnOrThrow.class));
    }
}
