package io.imdsagent.instrument;

import io.imdsagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;

/**
 * SDK v1 1.11 {@code EC2CredentialsFetcher#getCredentials()}: the provider's refresh thread, if started
 * before a dynamic attach, calls it directly. The ECS container provider uses the same class with another
 * endpoint provider, so the bridge decides by the class of the fetcher's {@code credentialsEndpointProvider}.
 */
public final class SdkV1Ec2FetcherInstrumentation implements TypeInstrumentation {
    static final String FETCHER = "com.amazonaws.auth.EC2CredentialsFetcher";

    @Override
    public String[] classNames() {
        return new String[] {FETCHER};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("getCredentials", 0,
                ByEndpoint.class, ServeAdvice.Return.class));
    }

    static final class ByEndpoint {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.FieldValue("credentialsEndpointProvider") Object endpointProvider) {
            return Bridge.instanceProfileCredentials(endpointProvider);
        }
    }
}
