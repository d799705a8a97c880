package io.imdsagent;

import static io.imdsagent.testing.SelfAssumeCases.CALLS;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;

/** With {@code self-assume=allow}, an AssumeRole of the instance's own role reaches STS, reported by an event. */
@RequiresSealedNamespace
class SelfAssumeAllowIT {

    // The decision is the same code for every SDK copy; the oldest v1 and the newest v2 show it goes on.
    private static final List<SampleApp> SDKS = List.of(SampleApp.SDK_V1_11, SampleApp.SDK_V2_57);

    @Test
    void theOwnRoleReachesStsWithAnEvent() throws Exception {
        SealedRun.Builder run = SelfAssumeCases.sealedRun();
        List<List<Case>> casesPerSdk = new ArrayList<>();
        for (SampleApp sdk : SDKS) {
            List<Case> cases = SelfAssumeCases.cases(sdk, CALLS, Scenario.OWN_ROLE,
                    Scenario.OWN_ROLE_OTHER_CASE_AND_PATH);
            casesPerSdk.add(cases);
            run.command(SelfAssumeCases.command(ForkedJvm.java().agent("self-assume=allow,events=stderr"), sdk,
                    cases));
        }
        SealedResult result = run.run();
        for (int i = 0; i < SDKS.size(); i++) {
            CommandResult app = result.command(i);
            Printed printed = Printed.of(app);
            for (Case c : casesPerSdk.get(i)) {
                SelfAssumeCases.assertReachedSts(result, printed, c);
                assertEquals("self-assume=allow",
                        SelfAssumeCases.onlyEvent(app, c, "self-assume-allowed").get("reason"), c.session());
            }
        }
    }
}
