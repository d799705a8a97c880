package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * SDK v2 {@code InstanceProfileCredentialsProvider#resolveCredentials()} (which {@code resolveIdentity}
 * calls) returns {@code AwsSessionCredentials} from the agent's cache, and its private
 * {@code refreshCredentials()} a {@code RefreshResult}, for the SDK cache's prefetch thread if one started
 * before a dynamic attach. Old versions (2.5.0) declare both on the abstract {@code HttpCredentialsProvider},
 * shared with the ECS container provider, so there the bridge serves only the instance-profile subclass.
 * (Later versions made {@code HttpCredentialsProvider} an interface; it is not matched.)
 */
public final class SdkV2ProviderInstrumentation implements TypeInstrumentation {
    static final String PROVIDER = "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider";
    static final String HTTP_PROVIDER = "software.amazon.awssdk.auth.credentials.HttpCredentialsProvider";

    private final AsmVisitorWrapper resolveCredentials = AdviceClassFiles.advice(ServeAdvice.Credentials.class,
            ServeAdvice.Return.class).on(named("resolveCredentials").and(takesNoArguments()));
    private final AsmVisitorWrapper refreshCredentials = AdviceClassFiles.advice(ServeAdvice.RefreshResult.class,
            ServeAdvice.Return.class).on(named("refreshCredentials").and(takesNoArguments()));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return TypeInstrumentation.sdkClass(PROVIDER).or(TypeInstrumentation.sdkClass(HTTP_PROVIDER).and(not(isInterface())));
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(resolveCredentials).visit(refreshCredentials);
    }
}
