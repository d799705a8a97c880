package io.imdsagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.instrument.TypeInstrumentation;
import io.imdsagent.testing.SampleApp;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which classes the recipe rewrites: exact SDK names and relocated copies; never the agent or JDK internals. */
class AgentInstallerTest {

    @ParameterizedTest
    @CsvSource({
        "com.amazonaws.auth.InstanceProfileCredentialsProvider, SdkV1ProviderInstrumentation",
        "shaded.com.amazonaws.auth.InstanceProfileCredentialsProvider, SdkV1ProviderInstrumentation",
        "com.amazonaws.auth.EC2CredentialsFetcher, SdkV1Ec2FetcherInstrumentation",
        "com.amazonaws.auth.BaseCredentialsFetcher, SdkV1MetadataFetcherInstrumentation",
        "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider, SdkV2ProviderInstrumentation",
        "x.y.software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider, SdkV2ProviderInstrumentation",
        "software.amazon.awssdk.auth.credentials.HttpCredentialsProvider, SdkV2ProviderInstrumentation",
    })
    void rewritesEachSdkClassWithOneInstrumentation(String className, String instrumentation) {
        assertEquals(List.of(instrumentation), matching(latentClass(className)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "com.amazonaws.auth.ContainerCredentialsProvider",
        "com.amazonaws.auth.ContainerCredentialsFetcher",
        "com.amazonaws.auth.InstanceMetadataServiceCredentialsFetcher",
        "xcom.amazonaws.auth.InstanceProfileCredentialsProvider",
        "com.amazonaws.auth.InstanceProfileCredentialsProviderTest",
        "software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider",
        "java.net.HttpURLConnection",
    })
    void leavesOtherClassesAlone(String className) {
        assertEquals(List.of(), matching(latentClass(className)));
    }

    @Test
    void theSdkV2HttpCredentialsProviderIsRewrittenOnlyWhereItIsAClass() throws Exception {
        String name = "software.amazon.awssdk.auth.credentials.HttpCredentialsProvider";
        try (URLClassLoader v25 = SampleApp.SDK_V2_5.isolatedLoader();
             URLClassLoader v257 = SampleApp.SDK_V2_57.isolatedLoader()) {
            assertEquals(1, matching(TypeDescription.ForLoadedType.of(Class.forName(name, false, v25))).size());
            assertEquals(0, matching(TypeDescription.ForLoadedType.of(Class.forName(name, false, v257))).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "io.imdsagent.imds.CredentialCache",
        "io.imdsagent.shaded.bytebuddy.ByteBuddy",
        "net.bytebuddy.ByteBuddy",
        "jdk.internal.reflect.GeneratedMethodAccessor1",
        "java.lang.invoke.LambdaForm$MH",
        "app.Main$$Lambda$14/0x0000000800c03000",
    })
    void ignoresTheAgentByteBuddyAndGeneratedJdkClasses(String className) {
        assertTrue(ByteBuddyRecipe.ignored().matches(latentClass(className)), className);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "com.amazonaws.auth.InstanceProfileCredentialsProvider",
        "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider",
        "sun.net.www.protocol.http.HttpURLConnection",
    })
    void doesNotIgnoreSdkOrJdkHttpClasses(String className) {
        assertFalse(ByteBuddyRecipe.ignored().matches(latentClass(className)), className);
    }

    private static List<String> matching(TypeDescription type) {
        List<String> names = new ArrayList<>();
        for (TypeInstrumentation instrumentation : AgentInstaller.instrumentations()) {
            if (instrumentation.types().matches(type)) {
                names.add(instrumentation.getClass().getSimpleName());
            }
        }
        return names;
    }

    private static TypeDescription latentClass(String name) {
        return new TypeDescription.Latent(name, Opcodes.ACC_PUBLIC, TypeDescription.Generic.OBJECT);
    }
}
