package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testapps.sts.StsRequest;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SelfAssumeCases.Case;
import io.imdsagent.testing.SelfAssumeCases.Printed;
import io.imdsagent.testing.SelfAssumeCases.Scenario;
import io.imdsagent.testing.SelfAssumeCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Self-assume is the instance assuming its own role: an STS client that signs with other credentials (static
 * keys on the client or on the request, environment keys) is another principal, and its AssumeRole of the
 * instance role reaches STS, whose trust policy decides, even under {@code self-assume=short-circuit}. With
 * {@code AWS_EC2_METADATA_DISABLED=true} no SDK signs with the instance credentials and the guard asks IMDS
 * nothing.
 */
@RequiresSealedNamespace
class SelfAssumeOtherPrincipalIT {
    /** The SelfAssumeApps' other principal (both apps spell it the same). */
    private static final String OTHER_KEY = "AKIAOTHERPRINCIPAL01";
    private static final String ENVIRONMENT_KEY = "AKIAENVIRONMENTKEY01";
    private static final List<String> OTHER_CALLS =
            List.of("static-sync", "static-async", "static-provider", "override-sync", "override-async");
    private static final List<String> INSTANCE_CALLS = List.of("sync");

    @Test
    void clientsHoldingOtherKeysReachStsWhileTheInstanceIsStillAnswered() throws Exception {
        SealedRun.Builder run = SelfAssumeCases.sealedRun();
        List<List<Case>> casesPerSdk = new ArrayList<>();
        for (SampleApp sdk : SelfAssumeCases.SDKS) {
            List<Case> cases = new ArrayList<>(SelfAssumeCases.cases(sdk, OTHER_CALLS, Scenario.OWN_ROLE));
            cases.addAll(SelfAssumeCases.cases(sdk, INSTANCE_CALLS, Scenario.OWN_ROLE));
            casesPerSdk.add(cases);
            run.command(command(sdk, cases));
        }
        SealedResult result = run.run();
        for (int i = 0; i < casesPerSdk.size(); i++) {
            CommandResult app = result.command(i);
            Printed printed = Printed.of(app);
            for (Case c : casesPerSdk.get(i)) {
                if (INSTANCE_CALLS.contains(c.call())) {
                    // the control: the instance's own call is still answered with the instance credentials
                    assertEquals(printed.instanceKey(), printed.of(c).get("key"), printed.of(c).toString());
                    assertEquals(List.of(), SelfAssumeCases.assumeRoles(result, c), c.session());
                    SelfAssumeCases.onlyEvent(app, c, "self-assume-short-circuited");
                } else {
                    assertReachedStsSignedBy(OTHER_KEY, result, app, printed, c);
                }
            }
        }
    }

    @Test
    void environmentKeysAreAnotherPrincipal() throws Exception {
        assertEnvironmentKeysReachSts(false);
    }

    @Test
    void withMetadataDisabledTheGuardAsksImdsNothing() throws Exception {
        assertEnvironmentKeysReachSts(true);
    }

    private static void assertEnvironmentKeysReachSts(boolean metadataDisabled) throws Exception {
        SealedRun.Builder run = SelfAssumeCases.sealedRun()
                .env("AWS_ACCESS_KEY_ID", ENVIRONMENT_KEY)
                .env("AWS_SECRET_ACCESS_KEY", "environment-secret");
        if (metadataDisabled) {
            run.env("AWS_EC2_METADATA_DISABLED", "true");
        }
        List<SampleApp> sdks = List.of(SampleApp.SDK_V1_12, SampleApp.SDK_V2_57);
        List<List<Case>> casesPerSdk = new ArrayList<>();
        for (SampleApp sdk : sdks) {
            List<Case> cases = SelfAssumeCases.cases(sdk, SelfAssumeCases.CALLS, Scenario.OWN_ROLE);
            casesPerSdk.add(cases);
            run.command(command(sdk, cases));
        }
        SealedResult result = run.run();
        for (int i = 0; i < casesPerSdk.size(); i++) {
            CommandResult app = result.command(i);
            Printed printed = Printed.of(app);
            assertEquals(ENVIRONMENT_KEY, printed.instanceKey(), "the default chain finds the environment first");
            for (Case c : casesPerSdk.get(i)) {
                assertReachedStsSignedBy(ENVIRONMENT_KEY, result, app, printed, c);
            }
        }
        if (metadataDisabled) {
            assertEquals(List.of(), result.imdsRequests().all(), "no request to IMDS");
        }
    }

    /** Short-circuit, the mode that would hand out the instance credentials: the strongest claim to test. */
    private static List<String> command(SampleApp sdk, List<Case> cases) {
        return SelfAssumeCases.command(ForkedJvm.java().agent("self-assume=short-circuit,events=stderr"), sdk, cases);
    }

    private static void assertReachedStsSignedBy(String accessKeyId, SealedResult result, CommandResult app,
                                                 Printed printed, Case c) {
        Map<String, String> outcome = printed.of(c);
        assertEquals("assumed", outcome.get("outcome"), c.session() + ": " + outcome);
        List<StsRequest> sent = SelfAssumeCases.assumeRoles(result, c);
        assertEquals(1, sent.size(), c.session() + ": " + result.stsRequests());
        assertEquals(accessKeyId, sent.get(0).accessKeyId(), sent.get(0).toString());
        assertNotEquals(accessKeyId, outcome.get("key"), "what STS issued: " + outcome);
        assertEquals(List.of(), SelfAssumeCases.events(app, c), c.session());
    }
}
