package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import io.imdsagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * SDK v1 1.11 {@code EC2CredentialsFetcher#getCredentials()}: the provider's refresh thread, if started
 * before a dynamic attach, calls it directly. The ECS container provider uses the same class with another
 * endpoint provider, so the bridge decides by the class of the fetcher's {@code credentialsEndpointProvider}.
 */
public final class SdkV1Ec2FetcherInstrumentation implements TypeInstrumentation {
    static final String FETCHER = "com.amazonaws.auth.EC2CredentialsFetcher";

    private final AsmVisitorWrapper getCredentials = AdviceClassFiles.advice(ByEndpoint.class, ServeAdvice.Return.class)
            .on(named("getCredentials").and(takesNoArguments()));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return TypeInstrumentation.sdkClass(FETCHER);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(getCredentials);
    }

    static final class ByEndpoint {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.FieldValue("credentialsEndpointProvider") Object endpointProvider) {
            return Bridge.instanceProfileCredentials(endpointProvider);
        }
    }
}
