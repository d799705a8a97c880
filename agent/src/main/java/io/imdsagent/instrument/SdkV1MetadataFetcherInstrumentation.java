package io.imdsagent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * SDK v1 1.12 {@code BaseCredentialsFetcher#getCredentials()}, which the provider's refresh thread, if started
 * before a dynamic attach, calls directly. It is declared on the base class that the ECS container fetcher
 * shares, so the bridge serves only the {@code InstanceMetadataServiceCredentialsFetcher} subclass.
 */
public final class SdkV1MetadataFetcherInstrumentation implements TypeInstrumentation {
    static final String BASE_FETCHER = "com.amazonaws.auth.BaseCredentialsFetcher";

    private final AsmVisitorWrapper getCredentials = AdviceClassFiles.advice(ServeAdvice.Credentials.class, ServeAdvice.Return.class)
            .on(named("getCredentials").and(takesNoArguments()));

    @Override
    public ElementMatcher<TypeDescription> types() {
        return TypeInstrumentation.sdkClass(BASE_FETCHER);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(getCredentials);
    }
}
