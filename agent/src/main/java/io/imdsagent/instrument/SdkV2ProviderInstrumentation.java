package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.self;

/**
 * SDK v2 {@code InstanceProfileCredentialsProvider#resolveCredentials()} (which {@code resolveIdentity}
 * calls) returns {@code AwsSessionCredentials} from the agent's cache, and its private
 * {@code refreshCredentials()} a {@code RefreshResult}, for the SDK cache's prefetch thread if one started
 * before a dynamic attach. Old versions (2.5.0) declare both on the abstract {@code HttpCredentialsProvider},
 * shared with the ECS container provider, so there the bridge serves only the instance-profile subclass.
 * (Later versions made {@code HttpCredentialsProvider} an interface, which the weaver leaves alone.)
 */
public final class SdkV2ProviderInstrumentation implements TypeInstrumentation {
    public static final String PROVIDER = "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider";
    public static final String HTTP_PROVIDER = "software.amazon.awssdk.auth.credentials.HttpCredentialsProvider";

    @Override
    public String[] classNames() {
        return new String[] {PROVIDER, HTTP_PROVIDER};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("resolveCredentials", 0, "instanceProfileCredentials", self()),
            Hook.answer("refreshCredentials", 0, "instanceProfileRefreshResult", self()),
        };
    }
}
