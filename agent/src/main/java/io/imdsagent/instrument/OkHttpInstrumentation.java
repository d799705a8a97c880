package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

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

    private final AsmVisitorWrapper chain = AdviceClassFiles.advice(ClientRequestAdvice.OkHttp.class,
            ClientRequestAdvice.ReturnOrThrow.class)
            .on(nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return TypeInstrumentation.sdkClass(CALL_3).or(TypeInstrumentation.sdkClass(CALL_4));
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(chain);
    }
}
