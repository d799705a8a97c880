package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.requirements.RequiresJdk25;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sts.StsRequest;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun.Seen;
import io.imdsagent.testing.SdkSealedRun;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One JVM holds one cache: 20 providers of SDK 1.11, 1.12, 2.5 and 2.57, from four class loaders, resolved
 * from 8 threads at once, cause one token PUT, one role listing and one credentials GET.
 */
@RequiresSealedNamespace
class SharedCredentialCacheIT {
    /** The mixed app's own v1 and v2, the same again through a second loader, and 1.11 and 2.5 through their own. */
    static final Set<String> COPIES = new TreeSet<>(List.of(
            "app-loader/aws-java-sdk/1.12.797", "app-loader/aws-sdk-java/2.57.8",
            "second-loader/aws-java-sdk/1.12.797", "second-loader/aws-sdk-java/2.57.8",
            "sdk-loader-1/aws-java-sdk/1.11.600", "sdk-loader-2/aws-sdk-java/2.5.0"));

    @Test
    void manyProvidersVersionsLoadersAndThreadsShareOneFetch() throws Exception {
        assertOneFetchForAll(ForkedJvm.java());
    }

    @Test
    @RequiresJdk25
    void theSameOnJdk25() throws Exception {
        assertOneFetchForAll(ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA));
    }

    private static void assertOneFetchForAll(ForkedJvm jvm) throws Exception {
        SealedResult result = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .command(SampleApp.MIXED.command(jvm.agent(null), "--providers", "20", "--threads", "8",
                        "--sdk", SampleApp.SDK_V1_11.classPath(), "--sdk", SampleApp.SDK_V2_5.classPath()))
                .run();
        CommandResult app = result.command(0);
        assertEquals(0, app.exitCode(), app.toString());
        assertTrue(app.stdout().contains("resolves=160 failures=0"), app.toString());

        RequestLog imds = result.imdsRequests();
        assertEquals(1, imds.tokenPuts(), imds.toString());
        assertEquals(1, imds.gets(ImdsEmulator.CREDENTIALS_PATH), imds.toString());
        assertEquals(1, imds.gets(SdkSealedRun.CREDENTIALS_PATH), imds.toString());
        assertEquals(0, imds.tokenless(), imds.toString());
        String accessKeyId = SdkSealedRun.servedKeys(imds).keySet().iterator().next();

        List<Seen> seen = SdkSealedRun.seen(app.stdout());
        assertEquals(COPIES, seen.stream().map(Seen::copy).collect(Collectors.toCollection(TreeSet::new)), app.toString());
        for (Seen copy : seen) {
            assertEquals(accessKeyId, copy.accessKeyId(), copy.toString());
        }
        List<StsRequest> sts = result.stsRequests();
        assertEquals(COPIES.size(), sts.size(), sts.toString());
        for (StsRequest request : sts) {
            assertEquals(accessKeyId, request.accessKeyId(), request.toString());
        }
    }
}
