package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * SDK v1 {@code InstanceProfileCredentialsProvider#getCredentials()} (1.11 and 1.12) returns
 * {@code BasicSessionCredentials} from the agent's cache. Its {@code refresh()} only clears the fetcher's
 * copy, which the agent never reads, so it is left alone and causes no IMDS call.
 */
public final class SdkV1ProviderInstrumentation implements TypeInstrumentation {
    static final String PROVIDER = "com.amazonaws.auth.InstanceProfileCredentialsProvider";

    private final AsmVisitorWrapper getCredentials = AdviceClassFiles.advice(ServeAdvice.Credentials.class, ServeAdvice.Return.class)
            .on(named("getCredentials").and(takesNoArguments()));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return TypeInstrumentation.sdkClass(PROVIDER);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(getCredentials);
    }
}
