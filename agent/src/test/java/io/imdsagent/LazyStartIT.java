package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.HelloApp;
import io.imdsagent.apps.LoopbackSocketApp;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.requirements.RequiresJdk25;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent rides in every JVM of a fleet, so a JVM that never loads a class it rewrites pays for a class-load
 * filter only: no ASM, no Jackson, no IMDS core, no bridge. The first such class to load brings the agent in and
 * is itself rewritten, so an SDK app still gets its credentials from the agent.
 */
class LazyStartIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ASM = "io.imdsagent.shaded.bytebuddy.jar.asm.";
    // what only an active agent needs: relocated ByteBuddy (ASM) and Jackson, the IMDS core, events, policy, the bridge
    private static final List<String> ACTIVE_ONLY = List.of("io.imdsagent.shaded.", "io.imdsagent.imds.",
            "io.imdsagent.policy.", "io.imdsagent.bootstrap.", "io.imdsagent.events.JsonLines", "net.bytebuddy.",
            "com.fasterxml.jackson.");

    @Test
    void helloWorldLoadsNothingOfTheActiveAgent() throws Exception {
        assertNothingActiveLoaded(ForkedJvm.java());
    }

    @RequiresJdk25
    @Test
    void norOnJdk25() throws Exception {
        assertNothingActiveLoaded(ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA));
    }

    /**
     * A JVM whose connections and requests never go to IMDS (most of a fleet) has its socket and HTTP handler
     * rewritten, since every connection and request is decided, and builds no IMDS part: no IMDS core, no credential
     * cache, no connection guard or relay, no SDK adapters. All of them are rewritten by the entry patcher: no ASM
     * reader or writer loads.
     */
    @Test
    void aJvmWhoseConnectionsAndRequestsNeverGoToImdsBuildsNoImdsPart() throws Exception {
        CommandResult run = ForkedJvm.java().agent("endpoint=http://127.0.0.1:9,log=debug")
                .jvmArg("-Xlog:class+load=info:stdout").main(ForkedJvm.testClassPath(), LoopbackSocketApp.class)
                .run(TIMEOUT);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("read 71"), run.toString());
        assertTrue(run.stderr().contains("imds-agent: debug: instrumented java.net.Socket"), run.stderr());
        assertTrue(run.stderr().contains("imds-agent: debug: instrumented sun.net.www.protocol.http.Handler (at load by"
                + " the entry patcher"), run.stderr());
        List<String> loaded = loadedClasses(run.stdout());
        assertTrue(loaded.contains("io.imdsagent.handler.AgentHandler"), "no connection reached the agent");
        List<String> imdsParts = List.of("io.imdsagent.imds.ImdsCore", "io.imdsagent.imds.CredentialCache",
                "io.imdsagent.imds.TokenSession", "io.imdsagent.relay.ConnectionGuard", "io.imdsagent.relay.ImdsRelay",
                "io.imdsagent.adapters.ServedClasses");
        assertTrue(loaded.contains("io.imdsagent.adapters.ImdsClients"), "no HTTP request reached the agent");
        assertEquals(List.of(), loaded.stream().filter(imdsParts::contains).collect(Collectors.toList()));
        assertEquals(List.of(), loaded.stream().filter(name -> name.equals(ASM + "ClassReader")
                || name.equals(ASM + "ClassWriter")).collect(Collectors.toList()));
    }

    private static void assertNothingActiveLoaded(ForkedJvm jvm) throws Exception {
        List<String> loaded = loadedClasses(jvm.agent("endpoint=http://127.0.0.1:9,log=debug")
                .jvmArg("-Xlog:class+load=info:stdout").main(ForkedJvm.testClassPath(), HelloApp.class));
        assertTrue(loaded.contains("io.imdsagent.ImdsAgent"), "the agent did not start");
        assertTrue(loaded.contains("io.imdsagent.install.DeferredInstaller"), "the agent did not start");
        List<String> active = loaded.stream().filter(name -> ACTIVE_ONLY.stream().anyMatch(name::startsWith))
                .collect(Collectors.toList());
        assertEquals(List.of(), active);
    }

    /**
     * SDK v2 and v1: the default chain (v2) or the provider (v1) is the first class the agent rewrites, and it is
     * rewritten as it loads, by the entry patcher: up to the first credentials no ASM reader or writer loads (later,
     * a class hooked at a return, Apache's route planner when the app calls STS, brings them in); the first
     * credentials bring in no Jackson.
     */
    @RequiresSealedNamespace
    @ParameterizedTest
    @CsvSource({
        "SDK_V2_57, software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
        "SDK_V1_12, com.amazonaws.auth.InstanceProfileCredentialsProvider",
    })
    void theFirstSdkClassToLoadIsRewrittenAsItLoads(SampleApp sdk, String provider) throws Exception {
        // class loads go to stderr with the agent's log, so that they can be cut at the first credentials
        SealedResult result = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .command(sdk.command(ForkedJvm.java().agent("log=debug").jvmArg("-Xlog:class+load=info:stderr")))
                .run();
        CommandResult app = result.command(0);
        assertEquals(0, app.exitCode(), app.toString());
        String log = app.stderr();
        assertTrue(log.contains("imds-agent: debug: instrumented " + provider + " (at load by the entry patcher, "),
                log);
        int credentials = log.indexOf("imds-agent: debug: credentials refreshed");
        assertTrue(credentials >= 0, log);
        List<String> loaded = loadedClasses(log);
        int main = loaded.indexOf(sdk.mainClass());
        int firstAsm = indexOfFirst(loaded, ASM);
        assertTrue(main >= 0 && firstAsm > main, "ASM loaded before the application's main class");
        // of ByteBuddy only ASM ever loads, no type pool, no advice; up to the first credentials only ASM's Type
        // (the plan's descriptors) and the MethodVisitor and Label the patcher's prologue is emitted through
        List<String> byteBuddy = loaded.stream().filter(name -> name.startsWith("io.imdsagent.shaded.bytebuddy."))
                .collect(Collectors.toList());
        assertEquals(List.of(), byteBuddy.stream().filter(name -> !name.startsWith(ASM)).collect(Collectors.toList()));
        assertEquals(new TreeSet<>(List.of(ASM + "Label", ASM + "MethodVisitor", ASM + "Type")),
                loadedClasses(log.substring(0, credentials)).stream().filter(name -> name.startsWith(ASM))
                        .collect(Collectors.toCollection(TreeSet::new)), log);
        // the credentials document is read without Jackson (events are off here, the default)
        assertEquals(List.of(), loaded.stream().filter(name -> name.startsWith("io.imdsagent.shaded.jackson."))
                .collect(Collectors.toList()));
        RequestLog imds = result.imdsRequests();
        String servedKey = SdkSealedRun.servedKeys(imds).keySet().iterator().next();
        assertTrue(app.stdout().contains("access-key-id=" + servedKey + " "), app.toString());
        assertEquals(1, imds.tokenPuts(), imds.toString());
        assertEquals(0, imds.tokenless(), imds.toString());
    }

    private static List<String> loadedClasses(ForkedJvm jvm) throws Exception {
        CommandResult result = jvm.run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        return loadedClasses(result.stdout());
    }

    /** Class names in load order, from {@code -Xlog:class+load} in this output. */
    private static List<String> loadedClasses(String output) {
        List<String> loaded = new ArrayList<>();
        for (String line : output.split("\n")) {
            int start = line.indexOf("[class,load] ");
            if (start >= 0) {
                loaded.add(line.substring(start + "[class,load] ".length()).split(" ")[0]);
            }
        }
        return loaded;
    }

    private static int indexOfFirst(List<String> names, String prefix) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
