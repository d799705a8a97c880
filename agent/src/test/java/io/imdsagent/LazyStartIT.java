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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

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
     * cache, no connection guard or relay, no SDK adapters.
     */
    @Test
    void aJvmWhoseConnectionsAndRequestsNeverGoToImdsBuildsNoImdsPart() throws Exception {
        CommandResult run = ForkedJvm.java().agent("endpoint=http://127.0.0.1:9,log=debug")
                .jvmArg("-Xlog:class+load=info:stdout").main(ForkedJvm.testClassPath(), LoopbackSocketApp.class)
                .run(TIMEOUT);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("read 71"), run.toString());
        assertTrue(run.stderr().contains("imds-agent: debug: instrumented java.net.Socket"), run.stderr());
        assertTrue(run.stderr().contains("imds-agent: debug: instrumented sun.net.www.protocol.http.Handler"),
                run.stderr());
        List<String> loaded = loadedClasses(run.stdout());
        assertTrue(loaded.contains("io.imdsagent.handler.AgentHandler"), "no connection reached the agent");
        List<String> imdsParts = List.of("io.imdsagent.imds.ImdsCore", "io.imdsagent.imds.CredentialCache",
                "io.imdsagent.imds.TokenSession", "io.imdsagent.relay.ConnectionGuard", "io.imdsagent.relay.ImdsRelay",
                "io.imdsagent.adapters.ServedClasses");
        assertTrue(loaded.contains("io.imdsagent.adapters.ImdsClients"), "no HTTP request reached the agent");
        assertEquals(List.of(), loaded.stream().filter(imdsParts::contains).collect(Collectors.toList()));
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
     * SDK v2: its provider is the first class the agent rewrites, and it is rewritten as it loads, by ASM's
     * reader and writer alone; its first credentials bring in no Jackson.
     */
    @RequiresSealedNamespace
    @Test
    void theFirstSdkClassToLoadIsRewrittenAsItLoads() throws Exception {
        SealedResult result = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .command(SampleApp.SDK_V2_57.command(ForkedJvm.java().agent("log=debug")
                        .jvmArg("-Xlog:class+load=info:stdout")))
                .run();
        CommandResult app = result.command(0);
        assertEquals(0, app.exitCode(), app.toString());
        String provider = "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider";
        assertTrue(app.stderr().contains("imds-agent: debug: instrumented " + provider + " (at load"), app.stderr());
        List<String> loaded = loadedClasses(app.stdout());
        int main = loaded.indexOf(SampleApp.SDK_V2_57.mainClass());
        int firstAsm = indexOfFirst(loaded, ASM);
        assertTrue(main >= 0 && firstAsm > main, "ASM loaded before the application's main class");
        // the weaver is ASM's reader and writer: nothing else of ByteBuddy, no type pool, no advice
        List<String> byteBuddy = loaded.stream().filter(name -> name.startsWith("io.imdsagent.shaded.bytebuddy."))
                .collect(Collectors.toList());
        assertEquals(List.of(), byteBuddy.stream().filter(name -> !name.startsWith(ASM)).collect(Collectors.toList()));
        assertTrue(byteBuddy.size() < 40, byteBuddy.toString());
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

    /** Class names in load order, from {@code -Xlog:class+load} on stdout. */
    private static List<String> loadedClasses(String stdout) {
        List<String> loaded = new ArrayList<>();
        for (String line : stdout.split("\n")) {
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
