package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.self;

/**
 * SDK v1 {@code InstanceProfileCredentialsProvider#getCredentials()} (1.11 and 1.12) returns
 * {@code BasicSessionCredentials} from the agent's cache. Its {@code refresh()} only clears the fetcher's
 * copy, which the agent never reads, so it is left alone and causes no IMDS call.
 */
public final class SdkV1ProviderInstrumentation implements TypeInstrumentation {
    public static final String PROVIDER = "com.amazonaws.auth.InstanceProfileCredentialsProvider";

    @Override
    public String[] classNames() {
        return new String[] {PROVIDER};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("getCredentials", 0, "instanceProfileCredentials", self()),
        };
    }
}
