package io.imdsagent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.testapps.sealed.SealedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The legacy HTTP client sample apps ({@code test-apps/legacy-clients}) as the IMDSv1 tests run them: each
 * app's command under a given {@code imdsv1} mode, the lines it prints when its calls are upgraded, blocked
 * or refused by IMDS (401), and where its calls come from (the caller the events must name).
 */
public enum LegacyClient {
    URL_CONNECTION(SampleApp.URL_CONNECTION, "HttpURLConnection", "legacy-clients/url-connection/target/classes",
            "io.imdsagent.testapps.legacy.urlconnection.UrlConnectionApp.get(", Lines.COMMON_CALLS),
    SDK_V1_METADATA(SampleApp.LEGACY_SDK_V1, "HttpURLConnection", "legacy-clients/sdk-v1/target/classes",
            "io.imdsagent.testapps.legacy.sdkv1.LegacyApp.", Lines.SDK_V1),
    SDK_V2_REGION(SampleApp.LEGACY_SDK_V2, "HttpURLConnection", "legacy-clients/sdk-v2/target/classes",
            "io.imdsagent.testapps.legacy.sdkv2.RegionApp.main(", Lines.SDK_V2),
    JDK_HTTP_CLIENT(SampleApp.JDK_HTTP_CLIENT, "java.net.http.HttpClient", "legacy-clients/jdk-http/target/classes",
            "io.imdsagent.testapps.legacy.jdkhttp.JdkHttpClientApp.get(", Lines.COMMON_CALLS),
    OKHTTP_4(SampleApp.OKHTTP_4, "OkHttp", "legacy-clients/okhttp/target/classes",
            "io.imdsagent.testapps.legacy.okhttp.OkHttpApp.get(", Lines.COMMON_CALLS),
    /** The OkHttp app's jar (from the reactor or the local repository) on OkHttp 3: events name the jar. */
    OKHTTP_3(SampleApp.OKHTTP_3, "OkHttp", "/imds-agent-app-okhttp-0.1.0-SNAPSHOT.jar",
            "io.imdsagent.testapps.legacy.okhttp.OkHttpApp.get(", Lines.COMMON_CALLS),
    APACHE_HTTP_4(SampleApp.APACHE_HTTP_4, "Apache HttpClient 4", "legacy-clients/apache4/target/classes",
            "io.imdsagent.testapps.legacy.apache4.ApacheHttp4App.get(", Lines.COMMON_CALLS),
    APACHE_HTTP_5(SampleApp.APACHE_HTTP_5, "Apache HttpClient 5", "legacy-clients/apache5/target/classes",
            "io.imdsagent.testapps.legacy.apache5.ApacheHttp5App.get(", Lines.COMMON_CALLS);

    /** The emulator's instance id and default role. */
    public static final String INSTANCE_ID = "i-0123456789abcdef0";
    public static final String ROLE = "imds-agent-test-role";
    public static final String BLOCKED = "imds-agent: IMDSv1 is blocked";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SampleApp app;
    private final String client;
    private final String location;
    private final String callerPrefix;
    private final Lines lines;

    LegacyClient(SampleApp app, String client, String location, String callerPrefix, Lines lines) {
        this.app = app;
        this.client = client;
        this.location = location;
        this.callerPrefix = callerPrefix;
        this.lines = lines;
    }

    /** The {@code client} field of its events. */
    public String client() {
        return client;
    }

    /** How the caller field of its events begins: the app's own class and method (the class, when it has several). */
    public String callerPrefix() {
        return callerPrefix;
    }

    /** Part of where its classes are: the {@code jar} field of its events names this directory or jar. */
    public String location() {
        return location;
    }

    /** Whether the app prints the refusal's message (SDK v2 2.5.0 swallows it: only the agent's log says it). */
    public boolean showsRefusal() {
        return lines != Lines.SDK_V2;
    }

    /** Whether it makes the common calls of {@code ImdsCalls} (and so can run them {@code --token}). */
    public boolean makesCommonCalls() {
        return lines == Lines.COMMON_CALLS;
    }

    /**
     * Adds its command to {@code run}: with the agent in {@code mode} writing events to {@code events}, or
     * without the agent when {@code mode} is null.
     */
    public void addCommand(SealedRun.Builder run, String mode, Path events, String... args) {
        addCommand(run, ForkedJvm.java(), mode, events, args);
    }

    /** {@link #addCommand(SealedRun.Builder, String, Path, String...)} on the JVM {@code jvm} says. */
    public void addCommand(SealedRun.Builder run, ForkedJvm jvm, String mode, Path events, String... args) {
        jvm.jvmArg("-XX:TieredStopAtLevel=1");
        if (mode != null) {
            jvm.agent("imdsv1=" + mode + ",events=" + events);
        }
        run.command(app.command(jvm, args));
    }

    /** The beginnings of the lines it prints when IMDS answers as it answers a tokened request. */
    public List<String> servedLines() {
        return lines.served;
    }

    /** The beginnings of the lines it prints when its calls fail (the message is checked apart). */
    public List<String> failedLines() {
        return lines.failed;
    }

    /** The beginnings of the lines it prints when IMDS refuses its token-less calls. */
    public List<String> unauthorizedLines() {
        return lines.unauthorized;
    }

    /** Which expected beginnings no line of {@code stdout} has. */
    public static List<String> missingLines(List<String> expected, String stdout) {
        List<String> missing = new ArrayList<>();
        for (String beginning : expected) {
            if (stdout.lines().noneMatch(line -> line.startsWith(beginning))) {
                missing.add(beginning);
            }
        }
        return missing;
    }

    /** The events a run wrote to {@code file}; none when it wrote none. */
    public static List<JsonNode> events(Path file) {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                events.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** What an app prints, by outcome. */
    private static final class Lines {
        static final Lines COMMON_CALLS = new Lines(
                List.of("instance-id: 200 " + INSTANCE_ID, "role: 200 " + ROLE, "credentials: 200 AccessKeyId=ASIA",
                        "missing: 404"),
                List.of("instance-id: error ", "role: error ", "missing: error "),
                List.of("instance-id: 401", "role: 401", "missing: 401"));
        static final Lines SDK_V1 = new Lines(
                List.of("sdk-instance-id: " + INSTANCE_ID, "sdk-region: us-east-1",
                        "http-instance-id: 200 " + INSTANCE_ID),
                List.of("sdk-instance-id: null", "sdk-region: null", "http-instance-id: error "),
                List.of("sdk-instance-id: null", "sdk-region: null", "http-instance-id: 401"));

        static final Lines SDK_V2 = new Lines(
                List.of("sdk-region: us-east-1", "sdk-instance-id: " + INSTANCE_ID),
                List.of("sdk-region: error ", "sdk-instance-id: null"),
                List.of("sdk-region: error ", "sdk-instance-id: null"));

        final List<String> served;
        final List<String> failed;
        final List<String> unauthorized;

        Lines(List<String> served, List<String> failed, List<String> unauthorized) {
            this.served = served;
            this.failed = failed;
            this.unauthorized = unauthorized;
        }
    }
}
