package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sts.StsRequest;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDK v2's default chain (the app's own {@code DefaultCredentialsProvider.create()} and the one an SDK client
 * builds with its profile file) is answered by the agent before it builds a provider, where nothing ahead of
 * the instance profile is configured; where something is, that provider answers, as without the agent. The real
 * SDK 2.57 in a sealed namespace, IMDS in IMDSv2-only mode, STS a stub.
 */
@RequiresSealedNamespace
class DefaultChainIT {
    private static final String CREDENTIALS = "software.amazon.awssdk.auth.credentials.";
    private static final List<String> CHAIN_PROVIDERS = List.of("SystemPropertyCredentialsProvider",
            "EnvironmentVariableCredentialsProvider", "WebIdentityTokenFileCredentialsProvider",
            "ProfileCredentialsProvider", "ContainerCredentialsProvider", "InstanceProfileCredentialsProvider");
    private static final String OTHER_KEY = "AKIAAHEADOFIMDS00001";

    @Test
    void withNothingAheadOfTheInstanceProfileNoProviderOfTheChainIsEverBuilt() throws Exception {
        SealedResult result = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .command(SampleApp.SDK_V2_57.command(ForkedJvm.java().agent("log=debug")
                        .jvmArg("-Xlog:class+load=info:stdout")))
                .run();
        CommandResult app = result.command(0);
        assertEquals(0, app.exitCode(), app.toString());
        // the app's own chain and the STS client's (given the client's profile file), each decided once
        assertEquals(2, count(app.stderr(), "SDK v2's default chain (" + CREDENTIALS
                + "DefaultCredentialsProvider) is answered by the agent"), app.stderr());
        List<String> built = CHAIN_PROVIDERS.stream()
                .filter(provider -> app.stdout().contains("[class,load] " + CREDENTIALS + provider + " "))
                .collect(Collectors.toList());
        assertEquals(List.of(), built, "the chain was built (closing the STS client would build it too)");
        RequestLog imds = result.imdsRequests();
        String servedKey = SdkSealedRun.servedKeys(imds).keySet().iterator().next();
        assertTrue(app.stdout().contains("access-key-id=" + servedKey + " "), app.toString());
        assertEquals(1, imds.tokenPuts(), imds.toString());
        assertEquals(1, imds.gets(SdkSealedRun.CREDENTIALS_PATH), imds.toString());
        List<StsRequest> sts = result.stsRequests();
        assertEquals(1, sts.size(), sts.toString());
        assertEquals(servedKey, sts.get(0).accessKeyId());
    }

    /** Keys in the environment, in system properties, a profile file: each answers as it would without the agent. */
    @Test
    void aProviderAheadOfTheInstanceProfileAnswersAsWithoutTheAgent(@TempDir Path dir) throws Exception {
        Path credentialsFile = dir.resolve("credentials");
        Files.writeString(credentialsFile, "[default]\naws_access_key_id = " + OTHER_KEY
                + "\naws_secret_access_key = profile-secret\n");
        SealedResult result = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .command(withEnvironment(SampleApp.SDK_V2_57.command(ForkedJvm.java().agent("log=debug")),
                        "AWS_ACCESS_KEY_ID=" + OTHER_KEY, "AWS_SECRET_ACCESS_KEY=env-secret"))
                .command(SampleApp.SDK_V2_57.command(ForkedJvm.java().agent("log=debug")
                        .jvmArg("-Daws.accessKeyId=" + OTHER_KEY).jvmArg("-Daws.secretAccessKey=property-secret")))
                .command(withEnvironment(SampleApp.SDK_V2_57.command(ForkedJvm.java().agent("log=debug")),
                        "AWS_SHARED_CREDENTIALS_FILE=" + credentialsFile))
                .run();
        String[] reasons = {"environment variable AWS_ACCESS_KEY_ID is set", "system property aws.accessKeyId is set",
            "profile file " + credentialsFile + " exists"};
        for (int i = 0; i < reasons.length; i++) {
            CommandResult app = result.command(i);
            assertEquals(0, app.exitCode(), app.toString());
            assertTrue(app.stdout().contains("access-key-id=" + OTHER_KEY + " "), app.toString());
            assertTrue(app.stderr().contains("SDK v2's default chain (" + CREDENTIALS + "DefaultCredentialsProvider) runs: "
                    + reasons[i]), app.stderr());
        }
        RequestLog imds = result.imdsRequests();
        assertEquals(0, imds.gets(ImdsEmulator.CREDENTIALS_PATH), imds.toString());
        assertEquals(0, imds.gets(SdkSealedRun.CREDENTIALS_PATH), imds.toString());
        List<StsRequest> sts = result.stsRequests();
        assertEquals(3, sts.size(), sts.toString());
        assertTrue(sts.stream().allMatch(request -> OTHER_KEY.equals(request.accessKeyId())), sts.toString());
    }

    /** The sealed run's commands share one environment; these variables are this command's own. */
    private static List<String> withEnvironment(List<String> command, String... variables) {
        List<String> argv = new ArrayList<>(List.of("env"));
        argv.addAll(List.of(variables));
        argv.addAll(command);
        return argv;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
