package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.field;

/**
 * SDK v1 1.11 {@code EC2CredentialsFetcher#getCredentials()}: the provider's refresh thread, if started
 * before a dynamic attach, calls it directly. The ECS container provider uses the same class with another
 * endpoint provider, so the bridge decides by the class of the fetcher's {@code credentialsEndpointProvider}.
 */
public final class SdkV1Ec2FetcherInstrumentation implements TypeInstrumentation {
    public static final String FETCHER = "com.amazonaws.auth.EC2CredentialsFetcher";

    @Override
    public String[] classNames() {
        return new String[] {FETCHER};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("getCredentials", 0, "instanceProfileCredentials", field("credentialsEndpointProvider")),
        };
    }
}
