package io.imdsagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.instrument.TypeInstrumentation;
import io.imdsagent.testing.SampleApp;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which classes the weaver rewrites: exact SDK names and relocated copies; never the agent or JDK internals. */
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
        assertEquals(List.of(instrumentation), naming(className));
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
        "relocated.java.net.Socket",
        "jdk.internal.reflect.GeneratedMethodAccessor1",
        "java.lang.invoke.LambdaForm$MH",
        "app.Main$$Lambda$14/0x0000000800c03000",
    })
    void leavesOtherClassesAlone(String className) {
        assertEquals(List.of(), naming(className));
    }

    @Test
    void eachRowOfNamesIsWhatItsInstrumentationNames() {
        Instrumentations instrumentations = AgentInstaller.instrumentations();
        for (int i = 0; i < instrumentations.size(); i++) {
            TypeInstrumentation instrumentation = instrumentations.get(i);
            assertEquals(List.of(instrumentation.classNames()), List.of(instrumentations.classNames(i)),
                    instrumentation.getClass().getSimpleName());
            assertTrue(instrumentation.hooks().length > 0, instrumentation.getClass().getSimpleName());
        }
        assertThrows(IllegalArgumentException.class, () -> instrumentations.make(instrumentations.size()),
                "an instrumentation without a row of names");
    }

    @Test
    void theSdkV2HttpCredentialsProviderIsRewrittenOnlyWhereItIsAClass() throws Exception {
        String name = "software/amazon/awssdk/auth/credentials/HttpCredentialsProvider";
        Weaver weaver = new Weaver(AgentInstaller.instrumentations(), Bridge.class, new CapturedLog().log());
        try (URLClassLoader v25 = SampleApp.SDK_V2_5.isolatedLoader();
             URLClassLoader v257 = SampleApp.SDK_V2_57.isolatedLoader()) {
            assertNotNull(weaver.transform(v25, name, null, null, classFile(v25, name)), "2.5.0: an abstract class");
            assertNull(weaver.transform(v257, name, null, null, classFile(v257, name)), "2.57: an interface");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "io/imdsagent/imds/CredentialCache",
        "io/imdsagent/shaded/bytebuddy/ByteBuddy",
        "io/imdsagent/shaded/com/amazonaws/auth/InstanceProfileCredentialsProvider",
    })
    void neverRewritesTheAgentOrWhatItRelocated(String internalName) {
        assertFalse(Weaver.rewritable(internalName), internalName);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "com/amazonaws/auth/InstanceProfileCredentialsProvider",
        "software/amazon/awssdk/auth/credentials/InstanceProfileCredentialsProvider",
        "sun/net/www/protocol/http/Handler",
    })
    void rewritesSdkAndJdkHttpClasses(String internalName) {
        assertTrue(Weaver.rewritable(internalName), internalName);
    }

    private static List<String> naming(String className) {
        List<String> names = new ArrayList<>();
        Instrumentations instrumentations = AgentInstaller.instrumentations();
        for (int i = 0; i < instrumentations.size(); i++) {
            TypeInstrumentation instrumentation = instrumentations.get(i);
            for (String named : instrumentation.classNames()) {
                if (TypeInstrumentation.isNamed(className.replace('.', '/'), named)) {
                    names.add(instrumentation.getClass().getSimpleName());
                }
            }
        }
        return names;
    }

    static byte[] classFile(ClassLoader loader, String internalName) throws Exception {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }
}
