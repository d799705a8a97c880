package io.imdsagent.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testing.SampleApp;
import java.net.URLClassLoader;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which classes get the agent's credentials: by exact SDK name or relocated copy, never the ECS ones. */
class ServedClassesTest {
    private static URLClassLoader v111;
    private static URLClassLoader v112;
    private static URLClassLoader v25;
    private static URLClassLoader v257;

    private final CapturedLog log = new CapturedLog();
    private final ServedClasses served = new ServedClasses(log.log());

    @BeforeAll
    static void loadSdks() {
        v111 = SampleApp.SDK_V1_11.isolatedLoader();
        v112 = SampleApp.SDK_V1_12.isolatedLoader();
        v25 = SampleApp.SDK_V2_5.isolatedLoader();
        v257 = SampleApp.SDK_V2_57.isolatedLoader();
    }

    @AfterAll
    static void closeSdks() throws Exception {
        for (URLClassLoader loader : new URLClassLoader[] {v111, v112, v25, v257}) {
            loader.close();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "com.amazonaws.auth.InstanceProfileCredentialsProvider, ''",
        "shaded.com.amazonaws.auth.InstanceProfileCredentialsProvider, shaded.",
        "a.b.software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider, a.b.",
        "com.amazonaws.auth.InstanceProfileCredentialsProvider$InstanceMetadataCredentialsEndpointProvider, ''",
        "com.amazonaws.auth.InstanceMetadataServiceCredentialsFetcher, ''",
    })
    void knowsTheSdkRootOfServedNames(String className, String root) {
        String[] all = {ServedClasses.SDK_V1[0], ServedClasses.SDK_V1[1], ServedClasses.SDK_V1[2],
            ServedClasses.SDK_V2[0]};
        assertEquals(root, ServedClasses.rootOf(className, all));
    }

    @ParameterizedTest
    @CsvSource({
        "xcom.amazonaws.auth.InstanceProfileCredentialsProvider",
        "com.amazonaws.auth.InstanceProfileCredentialsProviderX",
        "com.amazonaws.auth.ContainerCredentialsProvider$ECSCredentialsEndpointProvider",
        "com.amazonaws.auth.ContainerCredentialsFetcher",
        "com.amazonaws.auth.EC2CredentialsFetcher",
        "software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider",
    })
    void leavesOtherNamesAlone(String className) {
        assertNull(ServedClasses.rootOf(className, ServedClasses.SDK_V1));
        assertNull(ServedClasses.rootOf(className, ServedClasses.SDK_V2));
    }

    @ParameterizedTest
    @CsvSource({
        "SDK_V1_11, com.amazonaws.auth.InstanceProfileCredentialsProvider",
        "SDK_V1_11, com.amazonaws.auth.InstanceProfileCredentialsProvider$InstanceMetadataCredentialsEndpointProvider",
        "SDK_V1_12, com.amazonaws.auth.InstanceProfileCredentialsProvider",
        "SDK_V1_12, com.amazonaws.auth.InstanceMetadataServiceCredentialsFetcher",
        "SDK_V2_5, software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider",
        "SDK_V2_57, software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider",
    })
    void servesTheInstanceProfileClassesOfEachVersion(SampleApp app, String className) throws Exception {
        Class<?> type = Class.forName(className, false, loader(app));
        assertNotNull(served.of(type), className + " of " + app);
        assertEquals(className, served.of(type).name());
    }

    @ParameterizedTest
    @CsvSource({
        "SDK_V1_11, com.amazonaws.auth.ContainerCredentialsProvider$ECSCredentialsEndpointProvider",
        "SDK_V1_11, com.amazonaws.auth.ContainerCredentialsProvider$FullUriCredentialsEndpointProvider",
        "SDK_V1_11, com.amazonaws.auth.ContainerCredentialsProvider",
        "SDK_V1_12, com.amazonaws.auth.ContainerCredentialsFetcher",
        "SDK_V2_5, software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider",
        "SDK_V2_57, software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider",
    })
    void leavesTheEcsContainerClassesToTheSdk(SampleApp app, String className) throws Exception {
        assertNull(served.of(Class.forName(className, false, loader(app))), className + " of " + app);
    }

    @Test
    void servesASubclassOfTheProvider() throws Exception {
        Class<?> provider = Class.forName("com.amazonaws.auth.InstanceProfileCredentialsProvider", false, v112);
        Class<?> subclass = new ByteBuddy().subclass(provider).name("app.MyInstanceProfileProvider").make()
                .load(v112, ClassLoadingStrategy.Default.WRAPPER).getLoaded();
        assertNotNull(served.of(subclass));
    }

    @Test
    void servesRelocatedCopies() throws Exception {
        for (SampleApp app : new SampleApp[] {SampleApp.SDK_V1_12, SampleApp.SDK_V2_57}) {
            String provider = app == SampleApp.SDK_V1_12 ? ServedClasses.SDK_V1[0] : ServedClasses.SDK_V2[0];
            Class<?> relocated = Class.forName(RelocatedSdkLoader.PREFIX + provider, false, new RelocatedSdkLoader(app));
            assertNotNull(served.of(relocated), relocated.getName());
        }
    }

    @Test
    void leavesACopyWithoutItsSiblingsToTheSdkAndSaysWhy() {
        Class<?> lonely = new ByteBuddy().subclass(Object.class)
                .name("lonely.com.amazonaws.auth.InstanceProfileCredentialsProvider").make()
                .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
        assertNull(served.of(lonely));
        assertTrue(log.text().contains("cannot serve credentials to lonely.com.amazonaws.auth"
                + ".InstanceProfileCredentialsProvider"), log.text());
        assertTrue(log.text().contains("lonely.com.amazonaws.auth.BasicSessionCredentials"), log.text());
    }

    @Test
    void leavesUnrelatedClassesAlone() {
        assertNull(served.of(String.class));
        assertNull(served.of(ServedClassesTest.class));
    }

    private static ClassLoader loader(SampleApp app) {
        switch (app) {
            case SDK_V1_11: return v111;
            case SDK_V1_12: return v112;
            case SDK_V2_5: return v25;
            default: return v257;
        }
    }
}
