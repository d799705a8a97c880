package io.imdsagent.adapters;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testing.SampleApp;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When SDK v2's default chain is answered at once: only where no provider ahead of its instance profile has
 * anything to answer with, decided once per chain. The chains are the real SDK's (2.57 and 2.5); the settings a
 * test's own, since a JVM cannot change its environment.
 */
class SdkV2DefaultChainsTest {
    private static final String CHAIN = "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider";
    private static final String SEP = File.separator;
    private static final String OTHER = "AKIAOTHERPRINCIPAL01";
    private static URLClassLoader v25;
    private static URLClassLoader v257;

    private final FakeSettings settings = new FakeSettings();
    private final SdkV2DefaultChains chains = new SdkV2DefaultChains(settings, new CapturedLog().log());

    @BeforeAll
    static void loadSdks() {
        v25 = SampleApp.SDK_V2_5.isolatedLoader();
        v257 = SampleApp.SDK_V2_57.isolatedLoader();
    }

    @AfterAll
    static void closeSdks() throws Exception {
        v25.close();
        v257.close();
    }

    @Test
    void withNothingAheadOfTheInstanceProfileTheDefaultChainsAreAnswered() throws Exception {
        settings.environment.put("HOME", SEP + "home" + SEP + "app");
        settings.properties.put("user.home", SEP + "home" + SEP + "app");
        assertTrue(chains.reachInstanceProfile(invoke(v257, CHAIN, "create", null)));
        assertTrue(chains.reachInstanceProfile(build(builder(v257))));
    }

    @Test
    void anySettingOfAProviderAheadOfTheInstanceProfileLetsTheChainRun() throws Exception {
        Object chain = build(builder(v257));
        for (String[] setting : SdkV2DefaultChains.SETTINGS_AHEAD) {
            for (int source = 0; source < 2; source++) {
                FakeSettings one = new FakeSettings();
                (source == 0 ? one.properties : one.environment).put(setting[source], "");
                assertFalse(new SdkV2DefaultChains(one, new CapturedLog().log()).reachInstanceProfile(chain), setting[source]);
            }
        }
    }

    @Test
    void aProfileFileWhereverTheSdkMightReadOneLetsTheChainRun() throws Exception {
        Object chain = build(builder(v257));
        String[][] cases = {
            // the default files under each directory the SDK may take for home
            {"HOME", "/h", null, null, "/h" + SEP + ".aws" + SEP + "credentials"},
            {"HOME", "/h", null, null, "/h" + SEP + ".aws" + SEP + "config"},
            {"USERPROFILE", "C:\\Users\\app", null, null, "C:\\Users\\app" + SEP + ".aws" + SEP + "config"},
            {"user.home", "/u", null, null, "/u" + SEP + ".aws" + SEP + "credentials"},
            // a named file, as named and with ~ expanded
            {"HOME", "/h", "AWS_SHARED_CREDENTIALS_FILE", "/etc/aws/creds", "/etc/aws/creds"},
            {"HOME", "/h", "aws.configFile", "~/cfg", "/h/cfg"},
            {"user.home", "/u", "AWS_CONFIG_FILE", "~/cfg", "/u/cfg"},
        };
        for (String[] c : cases) {
            FakeSettings one = new FakeSettings();
            put(one, c[0], c[1]);
            if (c[2] != null) {
                put(one, c[2], c[3]);
            }
            assertTrue(new SdkV2DefaultChains(one, new CapturedLog().log()).reachInstanceProfile(build(builder(v257))), "no file yet");
            one.files.add(c[4]);
            assertFalse(new SdkV2DefaultChains(one, new CapturedLog().log()).reachInstanceProfile(chain), String.join(" ", c));
        }
    }

    @Test
    void aChainGivenAProfileFileIsAnsweredOnlyWhenTheFileHoldsNoProfile() throws Exception {
        Object empty = invoke(v257, "software.amazon.awssdk.profiles.ProfileFile", "aggregator", null);
        empty = empty.getClass().getMethod("build").invoke(empty);
        assertTrue(chains.reachInstanceProfile(build(withProfileFile(builder(v257), empty))));

        Object withKeys = profileFile("[default]\naws_access_key_id=AKIAPROFILE\naws_secret_access_key=s\n");
        assertFalse(chains.reachInstanceProfile(build(withProfileFile(builder(v257), withKeys))));
        Object otherProfileOnly = profileFile("[profile-of-another-app]\nregion=eu-west-1\n");
        assertFalse(chains.reachInstanceProfile(build(withProfileFile(builder(v257), otherProfileOnly))),
                "any profile at all: the agent does not read profiles");
    }

    @Test
    void aChainToldNotToReuseItsLastProviderRuns() throws Exception {
        Object builder = builder(v257);
        builder.getClass().getMethod("reuseLastProviderEnabled", Boolean.class).invoke(builder, Boolean.FALSE);
        assertFalse(chains.reachInstanceProfile(build(builder)));
    }

    /** 2.5 keeps neither option on the chain: what it was built with cannot be seen, so it runs. */
    @Test
    void aVersionThatDoesNotRecordItsOptionsRuns() throws Exception {
        assertFalse(chains.reachInstanceProfile(invoke(v25, CHAIN, "create", null)));
    }

    /** As the SDK's chain settles on the provider that answered first: a key set later changes only new chains. */
    @Test
    void decidedOncePerChain() throws Exception {
        Object first = build(builder(v257));
        assertTrue(chains.reachInstanceProfile(first));
        settings.properties.put("aws.accessKeyId", "AKIALATER");
        assertTrue(chains.reachInstanceProfile(first));
        Object second = build(builder(v257));
        assertFalse(chains.reachInstanceProfile(second));
        assertFalse(chains.reachInstanceProfile(second));
        assertTrue(chains.reachInstanceProfile(first), "the first chain's decision was forgotten");
    }

    /** An application that builds more clients than are scanned: each chain is still decided once. */
    @Test
    void moreChainsThanAreScannedAreEachDecidedOnce() throws Exception {
        java.util.List<Object> many = new java.util.ArrayList<>();
        for (int i = 0; i < SdkV2DefaultChains.MOST_SCANNED + 4; i++) {
            many.add(build(builder(v257)));
            assertTrue(chains.reachInstanceProfile(many.get(i)));
        }
        settings.properties.put("aws.accessKeyId", OTHER);
        for (Object chain : many) {
            assertTrue(chains.reachInstanceProfile(chain));
        }
        assertFalse(chains.reachInstanceProfile(build(builder(v257))));
    }

    /** Its close skips only what the agent answered and the SDK never built (building it constructs, sends nothing). */
    @Test
    void aChainIsClosedByTheAgentOnlyWhenTheSdkNeverBuiltIt() throws Exception {
        Object answered = build(builder(v257));
        assertFalse(chains.unbuiltAfterAnswering(answered), "not yet decided");
        assertTrue(chains.reachInstanceProfile(answered));
        assertTrue(chains.unbuiltAfterAnswering(answered));
        java.lang.reflect.Field providerChain = answered.getClass().getDeclaredField("providerChain");
        providerChain.setAccessible(true);
        Object lazyProvider = providerChain.get(answered);
        java.lang.reflect.Field delegate = lazyProvider.getClass().getDeclaredField("delegate");
        delegate.setAccessible(true);
        Object lazy = delegate.get(lazyProvider);
        lazy.getClass().getMethod("getValue").invoke(lazy);
        assertFalse(chains.unbuiltAfterAnswering(answered), "the SDK built it: the SDK closes it");

        settings.properties.put("aws.accessKeyId", OTHER);
        Object runs = build(builder(v257));
        assertFalse(chains.reachInstanceProfile(runs));
        assertFalse(chains.unbuiltAfterAnswering(runs));
    }

    private static void put(FakeSettings settings, String name, String value) {
        if (name.contains(".")) {
            settings.properties.put(name, value);
        } else {
            settings.environment.put(name, value);
        }
    }

    private static Object builder(ClassLoader sdk) throws Exception {
        return invoke(sdk, CHAIN, "builder", null);
    }

    private static Object build(Object builder) throws Exception {
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static Object withProfileFile(Object builder, Object profileFile) throws Exception {
        Supplier<Object> supplier = () -> profileFile;
        builder.getClass().getMethod("profileFile", Supplier.class).invoke(builder, supplier);
        return builder;
    }

    private static Object profileFile(String content) throws Exception {
        Class<?> type = Class.forName("software.amazon.awssdk.profiles.ProfileFile$Type", true, v257);
        Object builder = invoke(v257, "software.amazon.awssdk.profiles.ProfileFile", "builder", null);
        Class<?> builderType = Class.forName("software.amazon.awssdk.profiles.ProfileFile$Builder", true, v257);
        builderType.getMethod("content", java.io.InputStream.class).invoke(builder,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        builderType.getMethod("type", type).invoke(builder, type.getField("CREDENTIALS").get(null));
        return builderType.getMethod("build").invoke(builder);
    }

    private static Object invoke(ClassLoader sdk, String className, String method, Object target) throws Exception {
        Method m = Class.forName(className, true, sdk).getMethod(method);
        return m.invoke(target);
    }

    private static final class FakeSettings implements SdkV2DefaultChains.Settings {
        final Map<String, String> properties = new HashMap<>();
        final Map<String, String> environment = new HashMap<>();
        final Set<String> files = new HashSet<>();

        @Override
        public String property(String name) {
            return properties.get(name);
        }

        @Override
        public String environment(String name) {
            return environment.get(name);
        }

        @Override
        public boolean fileExists(String path) {
            return files.contains(path);
        }
    }
}
