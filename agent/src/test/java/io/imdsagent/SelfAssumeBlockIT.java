package io.imdsagent;

import static io.imdsagent.testing.SelfAssumeCases.CALLS;
import static io.imdsagent.testing.SelfAssumeCases.SDKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.requirements.RequiresJdk25;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the default {@code self-assume=block}, an AssumeRole of the instance's own role through the SDK v1 or
 * v2 STS clients (sync, async, assume-role provider) is refused with the SDK's own client exception and no
 * request reaches STS; every other AssumeRole (another role, account or partition, or the own role narrowed
 * by a policy, policy ARNs, tags or a source identity) reaches STS as the application asked.
 */
@RequiresSealedNamespace
class SelfAssumeBlockIT {

    @Test
    void everySdkAndCallIsRefusedForTheOwnRoleAndGoesOnOtherwise() throws Exception {
        SealedRun.Builder run = SelfAssumeCases.sealedRun();
        List<List<Case>> casesPerSdk = new ArrayList<>();
        for (SampleApp sdk : SDKS) {
            List<Case> cases = SelfAssumeCases.cases(sdk, CALLS, Scenario.values());
            casesPerSdk.add(cases);
            run.command(SelfAssumeCases.command(ForkedJvm.java().agent("events=stderr"), sdk, cases));
        }
        SealedResult result = run.run();
        for (int i = 0; i < SDKS.size(); i++) {
            CommandResult app = result.command(i);
            Printed printed = Printed.of(app);
            for (Case c : casesPerSdk.get(i)) {
                SelfAssumeCases.assertSupportedAsExpected(printed, c);
                if (!c.supported()) {
                    continue;
                }
                if (c.scenario().isSelfAssume()) {
                    assertRefused(result, app, printed, c);
                } else {
                    SelfAssumeCases.assertReachedSts(result, printed, c);
                    assertGoesOnReported(app, c);
                }
            }
        }
    }

    @Test
    @RequiresJdk25
    void theSameOnJdk25() throws Exception {
        SealedRun.Builder run = SelfAssumeCases.sealedRun();
        List<List<Case>> casesPerSdk = new ArrayList<>();
        for (SampleApp sdk : List.of(SampleApp.SDK_V1_12, SampleApp.SDK_V2_57)) {
            List<Case> cases = SelfAssumeCases.cases(sdk, CALLS, Scenario.OWN_ROLE, Scenario.OTHER_ROLE);
            casesPerSdk.add(cases);
            run.command(SelfAssumeCases.command(ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA)
                    .agent("events=stderr"), sdk, cases));
        }
        SealedResult result = run.run();
        for (int i = 0; i < casesPerSdk.size(); i++) {
            CommandResult app = result.command(i);
            Printed printed = Printed.of(app);
            for (Case c : casesPerSdk.get(i)) {
                if (c.scenario().isSelfAssume()) {
                    assertRefused(result, app, printed, c);
                } else {
                    SelfAssumeCases.assertReachedSts(result, printed, c);
                }
            }
        }
    }

    /** The SDK's own exception, saying what and how to get out; nothing reached STS; an event with the caller. */
    private static void assertRefused(SealedResult result, CommandResult app, Printed printed, Case c) {
        Map<String, String> outcome = printed.of(c);
        assertEquals("error", outcome.get("outcome"), c.session() + ": " + outcome);
        assertEquals(c.clientException(), outcome.get("exception"), c.session() + ": " + outcome);
        String message = outcome.get("message");
        assertTrue(message.startsWith("imds-agent: "), message);
        assertTrue(message.contains(SelfAssumeCases.ROLE), message);
        assertTrue(message.contains("own role"), message);
        assertTrue(message.contains("use the instance credentials directly"), message);
        assertTrue(message.contains("add the role to its own trust policy"), message);
        assertEquals(List.of(), SelfAssumeCases.assumeRoles(result, c), c.session());
        Map<String, Object> event = SelfAssumeCases.onlyEvent(app, c, "self-assume-blocked");
        // SDK v1's async client runs the call on its own executor: no application frame is on that stack.
        if (!(c.call().equals("async") && c.clientException().startsWith("com.amazonaws"))) {
            assertTrue(String.valueOf(event.get("caller")).startsWith("io.imdsagent.testapps.awsv"), event.toString());
        }
    }

    /** Another role goes on silently; the own role narrowed by a scoping parameter goes on reported. */
    private static void assertGoesOnReported(CommandResult app, Case c) {
        if (c.scenario().isScoped()) {
            Map<String, Object> event = SelfAssumeCases.onlyEvent(app, c, "self-assume-allowed");
            assertTrue(String.valueOf(event.get("reason")).contains(c.scenario().stsParameter().split("\\.")[0]),
                    event.toString());
        } else {
            assertEquals(List.of(), SelfAssumeCases.events(app, c), c.session());
        }
    }
}
