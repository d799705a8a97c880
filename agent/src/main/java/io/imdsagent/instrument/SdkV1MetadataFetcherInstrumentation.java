package io.imdsagent.instrument;

import static io.imdsagent.instrument.Hook.Value.self;

/**
 * SDK v1 1.12 {@code BaseCredentialsFetcher#getCredentials()}, which the provider's refresh thread, if started
 * before a dynamic attach, calls directly. It is declared on the base class that the ECS container fetcher
 * shares, so the bridge serves only the {@code InstanceMetadataServiceCredentialsFetcher} subclass.
 */
public final class SdkV1MetadataFetcherInstrumentation implements TypeInstrumentation {
    public static final String BASE_FETCHER = "com.amazonaws.auth.BaseCredentialsFetcher";

    @Override
    public String[] classNames() {
        return new String[] {BASE_FETCHER};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.answer("getCredentials", 0, "instanceProfileCredentials", self()),
        };
    }
}
