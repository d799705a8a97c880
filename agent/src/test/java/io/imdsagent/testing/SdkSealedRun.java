package io.imdsagent.testing;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RecordedRequest;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.sealed.SealedRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sealed-namespace runs of the AWS SDK sample apps, with the SDKs' IMDS endpoint left at its default
 * ({@code 169.254.169.254}, which there is the emulator), and what the tests read back from them.
 */
public final class SdkSealedRun {
    /** The emulator's default role; its credentials document is at this path. */
    public static final String CREDENTIALS_PATH = ImdsEmulator.CREDENTIALS_PATH + "imds-agent-test-role";
    private static final String NOWHERE = "/nonexistent/imds-agent-test";
    private static final Pattern SEEN = Pattern.compile(
            "^seen copy=(\\S+) access-key-id=(\\S+) first=(\\d+) last=(\\d+)$", Pattern.MULTILINE);

    private SdkSealedRun() {
    }

    /**
     * A sealed run whose commands can get credentials from IMDS only: the profile files a developer may
     * have are out of reach, and SDK v1's end-of-support banner is off so that output stays readable.
     */
    public static SealedRun.Builder builder(String... emulatorArgs) {
        return SealedRun.builder().emulatorArgs(emulatorArgs)
                .env("AWS_SHARED_CREDENTIALS_FILE", NOWHERE)
                .env("AWS_CREDENTIAL_PROFILES_FILE", NOWHERE)
                .env("AWS_CONFIG_FILE", NOWHERE)
                .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true")
                // A first request to a cold emulator on a loaded 2-core CI machine can take over the
                // default 1 s; the tests are about what is served, not about IMDS latency.
                .env("IMDS_AGENT_TIMEOUT", "5s");
    }

    /** Each access key id the emulator served, with the first time it served it, in order. */
    public static Map<String, Instant> servedKeys(RequestLog imds) {
        Map<String, Instant> served = new LinkedHashMap<>();
        for (RecordedRequest request : imds.all()) {
            if (request.servedAccessKeyId() != null) {
                served.putIfAbsent(request.servedAccessKeyId(), request.time());
            }
        }
        return served;
    }

    /** What {@code MixedSdkApp} printed: when each SDK copy was first and last handed each access key id. */
    public static List<Seen> seen(String mixedAppStdout) {
        List<Seen> seen = new ArrayList<>();
        Matcher line = SEEN.matcher(mixedAppStdout);
        while (line.find()) {
            seen.add(new Seen(line.group(1), line.group(2), Instant.ofEpochMilli(Long.parseLong(line.group(3))),
                    Instant.ofEpochMilli(Long.parseLong(line.group(4)))));
        }
        return seen;
    }

    /** One SDK copy (loader/sdk-version) and one access key id it was handed, first and last (after the call returned). */
    public record Seen(String copy, String accessKeyId, Instant first, Instant last) {
    }
}
