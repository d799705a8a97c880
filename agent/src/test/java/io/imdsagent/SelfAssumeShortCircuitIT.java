package io.imdsagent;

import static io.imdsagent.testing.SelfAssumeCases.CALLS;
import static io.imdsagent.testing.SelfAssumeCases.SDKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SelfAssumeCases.Case;
import io.imdsagent.testing.SelfAssumeCases.Printed;
import io.imdsagent.testing.SelfAssumeCases.Scenario;
import io.imdsagent.testing.SelfAssumeCases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code self-assume=short-circuit}, an AssumeRole of the instance's own role through the SDK v1 or v2
 * STS clients (sync, async, assume-role provider) gets the instance credentials as a well-formed result and
 * no request reaches STS; those credentials sign a GetCallerIdentity that STS sees with the instance's key.
 * Other calls reach STS as asked.
 */
@RequiresSealedNamespace
class SelfAssumeShortCircuitIT {

    @Test
    void theOwnRoleIsAnsweredWithTheInstanceCredentialsWithoutARequest() throws Exception {
        SealedRun.Builder run = SelfAssumeCases.sealedRun();
        List<List<Case>> casesPerSdk = new ArrayList<>();
        for (SampleApp sdk : SDKS) {
            List<Case> cases = SelfAssumeCases.cases(sdk, CALLS, Scenario.OWN_ROLE,
                    Scenario.OWN_ROLE_OTHER_CASE_AND_PATH, Scenario.OTHER_ROLE, Scenario.POLICY);
            casesPerSdk.add(cases);
            run.command(SelfAssumeCases.command(ForkedJvm.java().agent("self-assume=short-circuit,events=stderr"),
                    sdk, cases));
        }
        SealedResult result = run.run();
        int shortCircuited = 0;
        String instanceKey = null;
        for (int i = 0; i < SDKS.size(); i++) {
            CommandResult app = result.command(i);
            Printed printed = Printed.of(app);
            instanceKey = printed.instanceKey();
            for (Case c : casesPerSdk.get(i)) {
                if (c.scenario().isSelfAssume()) {
                    assertShortCircuited(result, app, printed, c);
                    shortCircuited++;
                } else {
                    SelfAssumeCases.assertReachedSts(result, printed, c);
                }
            }
        }
        String key = instanceKey;
        long signedWithInstanceKey = result.stsRequests().stream()
                .filter(request -> request.action().equals("GetCallerIdentity") && key.equals(request.accessKeyId()))
                .count();
        assertEquals(shortCircuited, signedWithInstanceKey, "one GetCallerIdentity per short-circuited case, signed"
                + " with the instance credentials the result carried: " + result.stsRequests());
    }

    private static void assertShortCircuited(SealedResult result, CommandResult app, Printed printed, Case c) {
        Map<String, String> outcome = printed.of(c);
        assertEquals("assumed", outcome.get("outcome"), c.session() + ": " + outcome);
        assertEquals(printed.instanceKey(), outcome.get("key"), c.session() + ": " + outcome);
        assertEquals(SelfAssumeCases.INSTANCE_IDENTITY, outcome.get("caller-arn"), c.session() + ": " + outcome);
        if (!c.call().equals("provider")) {
            assertEquals("arn:aws:sts::" + SelfAssumeCases.ACCOUNT + ":assumed-role/" + SelfAssumeCases.ROLE + "/"
                    + c.session(), outcome.get("assumed-arn"), outcome.toString());
            Instant expiration = Instant.parse(outcome.get("expiration"));
            // the emulator's credentials live 6 hours
            assertTrue(expiration.isAfter(Instant.now().plus(Duration.ofHours(5))), outcome.toString());
        }
        assertEquals(List.of(), SelfAssumeCases.assumeRoles(result, c), c.session());
        Map<String, Object> event = SelfAssumeCases.onlyEvent(app, c, "self-assume-short-circuited");
        assertEquals(printed.instanceKey(), event.get("accessKeyId"), event.toString());
    }
}
