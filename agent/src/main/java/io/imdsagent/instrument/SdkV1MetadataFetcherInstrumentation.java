package io.imdsagent.instrument;

import net.bytebuddy.dynamic.DynamicType;

/**
 * SDK v1 1.12 {@code BaseCredentialsFetcher#getCredentials()}, which the provider's refresh thread, if started
 * before a dynamic attach, calls directly. It is declared on the base class that the ECS container fetcher
 * shares, so the bridge serves only the {@code InstanceMetadataServiceCredentialsFetcher} subclass.
 */
public final class SdkV1MetadataFetcherInstrumentation implements TypeInstrumentation {
    static final String BASE_FETCHER = "com.amazonaws.auth.BaseCredentialsFetcher";

    @Override
    public String[] classNames() {
        return new String[] {BASE_FETCHER};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("getCredentials", 0,
                ServeAdvice.Credentials.class, ServeAdvice.Return.class));
    }
}
