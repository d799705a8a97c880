package io.imdsagent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testapps.sts.StsRequest;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The self-assume cases the {@code SelfAssume*IT}s play through each SDK's {@code SelfAssumeApp}: the role
 * ARN each scenario names, one session name per case (so that the STS stub's requests and the agent's
 * events can be told apart when many cases share one run), and what each case printed.
 */
public final class SelfAssumeCases {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String ROLE = "S3Access";
    public static final String ACCOUNT = "123456789012";
    public static final String OWN_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/" + ROLE;
    /** The identity the STS stub answers GetCallerIdentity with for the instance credentials. */
    public static final String INSTANCE_IDENTITY = "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + ROLE
            + "/i-0123456789abcdef0";
    public static final List<SampleApp> SDKS =
            List.of(SampleApp.SDK_V1_11, SampleApp.SDK_V1_12, SampleApp.SDK_V2_5, SampleApp.SDK_V2_57);
    public static final List<String> CALLS = List.of("sync", "async", "provider");

    private SelfAssumeCases() {
    }

    /** A sealed run with IMDSv2 required, the instance role {@value #ROLE}, and the STS stub. */
    public static SealedRun.Builder sealedRun(String... moreEmulatorArgs) {
        List<String> args = new ArrayList<>(List.of("--mode", "required", "--role", ROLE));
        args.addAll(List.of(moreEmulatorArgs));
        return SdkSealedRun.builder(args.toArray(new String[0])).withStsStub(true);
    }

    public enum Scenario {
        OWN_ROLE("own-role", OWN_ROLE_ARN, null),
        OWN_ROLE_OTHER_CASE_AND_PATH("other-case-path", "arn:aws:iam::" + ACCOUNT + ":role/team/s3access", null),
        OTHER_ROLE("other-role", "arn:aws:iam::" + ACCOUNT + ":role/S3AccessReadOnly", null),
        OTHER_ACCOUNT("other-account", "arn:aws:iam::210987654321:role/" + ROLE, null),
        OTHER_PARTITION("other-partition", "arn:aws-cn:iam::" + ACCOUNT + ":role/" + ROLE, null),
        POLICY("policy", OWN_ROLE_ARN, "Policy"),
        POLICY_ARNS("policy-arns", OWN_ROLE_ARN, "PolicyArns.member.1.arn"),
        TAGS("tags", OWN_ROLE_ARN, "Tags.member.1.Key"),
        SOURCE_IDENTITY("source-identity", OWN_ROLE_ARN, "SourceIdentity");

        private final String label;
        private final String roleArn;
        private final String stsParameter;

        Scenario(String label, String roleArn, String stsParameter) {
            this.label = label;
            this.roleArn = roleArn;
            this.stsParameter = stsParameter;
        }

        public String roleArn() {
            return roleArn;
        }

        /** The instance's own role with nothing that narrows the session: what the guard refuses or answers. */
        public boolean isSelfAssume() {
            return this == OWN_ROLE || this == OWN_ROLE_OTHER_CASE_AND_PATH;
        }

        /** The own role with a session policy, policy ARNs, tags or a source identity. */
        public boolean isScoped() {
            return stsParameter != null;
        }

        /** The form parameter that carries the scoping to STS; null when unscoped. */
        public String stsParameter() {
            return stsParameter;
        }
    }

    /** One AssumeRole the app makes: with which SDK, through which call, in which scenario. */
    public record Case(SampleApp sdk, String call, Scenario scenario) {
        /** {@code v1-11-sync-own-role}: unique within a run. */
        public String session() {
            return sdk.name().substring("SDK_".length()).toLowerCase(Locale.ROOT).replace('_', '-') + "-" + call
                    + "-" + scenario.label;
        }

        boolean isV1() {
            return sdk == SampleApp.SDK_V1_11 || sdk == SampleApp.SDK_V1_12;
        }

        /** Whether this SDK version (and, for v1, its assume-role provider) can make this request at all. */
        public boolean supported() {
            return switch (scenario) {
                case POLICY_ARNS -> sdk != SampleApp.SDK_V2_5 && !(isV1() && call.equals("provider"));
                case TAGS, SOURCE_IDENTITY -> sdk != SampleApp.SDK_V1_11 && sdk != SampleApp.SDK_V2_5;
                default -> true;
            };
        }

        /** The SDK's own client exception class. */
        public String clientException() {
            return isV1() ? "com.amazonaws.SdkClientException" : "software.amazon.awssdk.core.exception.SdkClientException";
        }

        String argument() {
            String scoping = scenario.isScoped() ? "," + scenario.label : "";
            return call + "," + scenario.roleArn + "," + session() + scoping;
        }
    }

    /** Every call of {@code sdk} in every one of {@code scenarios}. */
    public static List<Case> cases(SampleApp sdk, List<String> calls, Scenario... scenarios) {
        List<Case> cases = new ArrayList<>();
        for (String call : calls) {
            for (Scenario scenario : scenarios) {
                cases.add(new Case(sdk, call, scenario));
            }
        }
        return cases;
    }

    /**
     * The argv of {@code sdk}'s SelfAssumeApp playing {@code cases} under {@code jvm}, with the agent's events on
     * stderr. C1 only: these JVMs live seconds, and C2 compiling beside them doubles that on a small machine.
     */
    public static List<String> command(ForkedJvm jvm, SampleApp sdk, List<Case> cases) {
        String mainClass = sdk.mainClass().replace("CallerIdentityApp", "SelfAssumeApp");
        return jvm.jvmArg("-XX:TieredStopAtLevel=1").jvmArg("-XX:+UseSerialGC")
                .main(sdk.classPath(), mainClass, cases.stream().map(Case::argument).toArray(String[]::new)).argv();
    }

    /** What one app printed: the instance's key id, and per session the outcome's fields. */
    public record Printed(String instanceKey, Map<String, Map<String, String>> outcomes) {

        public static Printed of(CommandResult app) {
            assertEquals(0, app.exitCode(), app.toString());
            String instanceKey = null;
            Map<String, Map<String, String>> outcomes = new LinkedHashMap<>();
            for (String line : app.stdout().split("\n")) {
                if (line.startsWith("instance-key=")) {
                    instanceKey = line.substring("instance-key=".length()).trim();
                } else if (line.startsWith("case=")) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    int message = line.indexOf(" message=");
                    String head = message < 0 ? line : line.substring(0, message);
                    for (String field : head.trim().split(" ")) {
                        int equals = field.indexOf('=');
                        fields.put(field.substring(0, equals), field.substring(equals + 1));
                    }
                    if (message >= 0) {
                        fields.put("message", line.substring(message + " message=".length()));
                    }
                    outcomes.put(fields.get("case"), fields);
                }
            }
            assertNotNull(instanceKey, app.toString());
            return new Printed(instanceKey, outcomes);
        }

        public Map<String, String> of(Case c) {
            Map<String, String> outcome = outcomes.get(c.session());
            assertNotNull(outcome, "no outcome printed for " + c.session() + " in " + outcomes.keySet());
            return outcome;
        }
    }

    /** The agent's events (JSON lines on stderr with {@code events=stderr}) about one session. */
    public static List<Map<String, Object>> events(CommandResult app, Case c) {
        return app.stderr().lines().filter(line -> line.startsWith("{"))
                .map(SelfAssumeCases::parseEvent)
                .filter(event -> c.session().equals(event.get("roleSessionName")))
                .collect(Collectors.toList());
    }

    private static Map<String, Object> parseEvent(String line) {
        try {
            return JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not an event: " + line, e);
        }
    }

    /** The AssumeRole requests the STS stub received for one session. */
    public static List<StsRequest> assumeRoles(SealedResult run, Case c) {
        return run.stsRequests().stream()
                .filter(request -> request.action().equals("AssumeRole")
                        && c.session().equals(request.param("RoleSessionName")))
                .collect(Collectors.toList());
    }

    /**
     * The case went to STS as asked (role, scoping) and the app got, and signed with, what STS issued: a key
     * that is not the instance's, naming the assumed role and session.
     */
    public static void assertReachedSts(SealedResult run, Printed printed, Case c) {
        Map<String, String> outcome = printed.of(c);
        assertEquals("assumed", outcome.get("outcome"), c.session() + ": " + outcome);
        List<StsRequest> sent = assumeRoles(run, c);
        assertEquals(1, sent.size(), c.session() + ": " + run.stsRequests());
        StsRequest request = sent.get(0);
        assertEquals(c.scenario().roleArn(), request.param("RoleArn"), request.toString());
        assertEquals(printed.instanceKey(), request.accessKeyId(), "signed with the instance credentials");
        if (c.scenario().isScoped()) {
            assertNotNull(request.param(c.scenario().stsParameter()), request.toString());
        }
        assertNotEquals(printed.instanceKey(), outcome.get("key"), outcome.toString());
        String[] arn = c.scenario().roleArn().split(":");
        String roleName = arn[5].substring(arn[5].lastIndexOf('/') + 1);
        assertEquals("arn:" + arn[1] + ":sts::" + arn[4] + ":assumed-role/" + roleName + "/" + c.session(),
                outcome.get("caller-arn"), outcome.toString());
    }

    /** Where the app printed "unsupported", this SDK version cannot make the request; nowhere else. */
    public static void assertSupportedAsExpected(Printed printed, Case c) {
        assertEquals(!c.supported(), "unsupported".equals(printed.of(c).get("outcome")),
                c.session() + ": " + printed.of(c));
    }

    /** The one event about {@code c}, named {@code name}. */
    public static Map<String, Object> onlyEvent(CommandResult app, Case c, String name) {
        List<Map<String, Object>> events = events(app, c);
        assertEquals(1, events.size(), c.session() + ": " + events);
        Map<String, Object> event = events.get(0);
        assertEquals(name, event.get("event"), event.toString());
        assertEquals(c.scenario().roleArn(), event.get("roleArn"), event.toString());
        assertTrue(event.get("time") instanceof String, event.toString());
        return event;
    }
}
