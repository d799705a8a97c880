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
import io.imdsagent.testing.SdkSealedRun;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An unmodified application, whatever AWS SDK for Java it ships, gets its instance-profile credentials from
 * the agent: in a sealed namespace, IMDS in IMDSv2-only mode, the SDK's own IMDS endpoint not overridden.
 */
@RequiresSealedNamespace
class InstanceProfileCredentialsIT {

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12", "SDK_V2_5", "SDK_V2_57"})
    void eachSdkSignsWithTheCredentialsImdsServedTheAgent(SampleApp app) throws Exception {
        assertSignedWithImdsCredentials(runWithAgent(app, ForkedJvm.java()));
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_12", "SDK_V2_57"})
    @RequiresJdk25
    void theSameOnJdk25(SampleApp app) throws Exception {
        assertSignedWithImdsCredentials(runWithAgent(app, ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA)));
    }

    /** Proof that the test above can fail: SDK 1.11.600 predates IMDSv2 and gets nothing from IMDS alone. */
    @Test
    void withoutTheAgentSdk1_11FailsAgainstImdsV2Only() throws Exception {
        SealedResult result = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .command(SampleApp.SDK_V1_11.command(ForkedJvm.java()))
                .run();
        CommandResult app = result.command(0);
        assertEquals(1, app.exitCode(), app.toString());
        assertTrue(app.stderr().contains("Unable to load AWS credentials from any provider in the chain"), app.toString());
        assertTrue(result.imdsRequests().tokenless() > 0, result.imdsRequests().toString());
        assertEquals(0, result.imdsRequests().tokenPuts(), result.imdsRequests().toString());
        assertEquals(List.of(), result.stsRequests());
    }

    @Test
    void withImdsCredentialsDisabledTheSdksOwnCodeRunsAndSaysWhatItSays() throws Exception {
        SealedResult result = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .command(SampleApp.SDK_V1_12.command(ForkedJvm.java().agent(null)))
                .command(SampleApp.SDK_V2_57.command(ForkedJvm.java().agent(null)))
                .run();
        CommandResult v1 = result.command(0);
        assertEquals(1, v1.exitCode(), v1.toString());
        assertTrue(v1.stderr().contains("AWS_EC2_METADATA_DISABLED is set to true"), v1.toString());
        CommandResult v2 = result.command(1);
        assertEquals(1, v2.exitCode(), v2.toString());
        assertTrue(v2.stderr().contains("IMDS credentials have been disabled"), v2.toString());
        assertEquals(0, result.imdsRequests().gets(SdkSealedRun.CREDENTIALS_PATH), result.imdsRequests().toString());
    }

    /** The caller gets the SDK's own exception, so the chain moves on and reports the agent's reason. */
    @Test
    void withoutAnInstanceProfileTheChainReportsTheAgentsReason() throws Exception {
        SealedResult result = SdkSealedRun.builder("--mode", "required", "--no-role").withStsStub(true)
                .command(SampleApp.SDK_V1_11.command(ForkedJvm.java().agent(null)))
                .command(SampleApp.SDK_V2_57.command(ForkedJvm.java().agent(null)))
                .run();
        for (CommandResult app : result.commands()) {
            assertEquals(1, app.exitCode(), app.toString());
            assertTrue(app.stderr().contains("SdkClientException: Unable to load"), app.toString());
            assertTrue(app.stderr().contains("imds-agent: "), app.toString());
            assertTrue(app.stderr().contains("Attach an instance profile"), app.toString());
        }
        assertEquals(0, result.imdsRequests().tokenless(), result.imdsRequests().toString());
        assertEquals(List.of(), result.stsRequests());
    }

    private static SealedResult runWithAgent(SampleApp app, ForkedJvm jvm) throws Exception {
        return SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .command(app.command(jvm.agent(null)))
                .run();
    }

    /** One token, one role listing, one credentials fetch; the app and STS saw the key IMDS served. */
    private static void assertSignedWithImdsCredentials(SealedResult result) {
        CommandResult app = result.command(0);
        assertEquals(0, app.exitCode(), app.toString());
        RequestLog imds = result.imdsRequests();
        Set<String> served = SdkSealedRun.servedKeys(imds).keySet();
        assertEquals(1, served.size(), imds.toString());
        String accessKeyId = served.iterator().next();
        assertTrue(app.stdout().contains("access-key-id=" + accessKeyId + " "), app.toString());
        assertEquals(1, imds.tokenPuts(), imds.toString());
        assertEquals(1, imds.gets(ImdsEmulator.CREDENTIALS_PATH), imds.toString());
        assertEquals(1, imds.gets(SdkSealedRun.CREDENTIALS_PATH), imds.toString());
        assertEquals(0, imds.tokenless(), imds.toString());
        List<StsRequest> sts = result.stsRequests();
        assertEquals(1, sts.size(), sts.toString());
        assertEquals("GetCallerIdentity", sts.get(0).action());
        assertEquals(accessKeyId, sts.get(0).accessKeyId());
        assertTrue(sts.get(0).hadSecurityToken(), sts.toString());
        assertTrue(app.stdout().contains("sts-user-id="), app.toString());
    }
}
