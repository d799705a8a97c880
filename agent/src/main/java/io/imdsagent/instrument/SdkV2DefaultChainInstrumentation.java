package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.self;

/**
 * SDK v2 {@code DefaultCredentialsProvider#resolveCredentials()} (which {@code resolveIdentity} calls) returns the
 * agent's credentials before the chain is built, where the chain would get them from its instance-profile provider
 * anyway; everywhere else the chain runs as the SDK wrote it. Its {@code close()} (an SDK client's close calls it)
 * returns at once for a chain so answered, which the SDK would otherwise build only to close it.
 */
public final class SdkV2DefaultChainInstrumentation implements TypeInstrumentation {
    public static final String CHAIN = "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider";

    @Override
    public String[] classNames() {
        return new String[] {CHAIN};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("resolveCredentials", 0, "defaultChainCredentials", self()),
            Hook.answer("close", 0, "defaultChainClose", self()),
        };
    }
}
