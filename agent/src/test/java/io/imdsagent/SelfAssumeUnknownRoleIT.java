package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * While the instance's own role cannot be known (here IMDS answers {@code iam/info} with 404), AssumeRole goes
 * on, even of what would be the own role, and an event says it went unchecked. The failed lookup is not
 * repeated for every call.
 */
@RequiresSealedNamespace
class SelfAssumeUnknownRoleIT {
    private static final String INFO_PATH = "/latest/meta-data/iam/info";

    @Test
    void callsGoOnUncheckedWithAnEvent() throws Exception {
        SealedRun.Builder run = SelfAssumeCases.sealedRun("--fail-next", INFO_PATH + ":404:1000");
        List<SampleApp> sdks = List.of(SampleApp.SDK_V1_12, SampleApp.SDK_V2_57);
        List<String> calls = List.of("sync", "provider");
        for (SampleApp sdk : sdks) {
            run.command(SelfAssumeCases.command(ForkedJvm.java().agent("events=stderr"), sdk,
                    SelfAssumeCases.cases(sdk, calls, Scenario.OWN_ROLE, Scenario.OTHER_ROLE)));
        }
        SealedResult result = run.run();
        for (int i = 0; i < sdks.size(); i++) {
            CommandResult app = result.command(i);
            Printed printed = Printed.of(app);
            for (Case c : SelfAssumeCases.cases(sdks.get(i), calls, Scenario.OWN_ROLE, Scenario.OTHER_ROLE)) {
                SelfAssumeCases.assertReachedSts(result, printed, c);
                String reason = (String) SelfAssumeCases.onlyEvent(app, c, "self-assume-unchecked").get("reason");
                assertTrue(reason.contains("404"), reason);
            }
            assertEquals(1, app.stderr().split("cannot learn the instance's own role", -1).length - 1, app.toString());
        }
        // one lookup per JVM: the failure is remembered, not retried by every call
        assertEquals(sdks.size(), result.imdsRequests().gets(INFO_PATH), result.imdsRequests().toString());
        assertTrue(result.imdsRequests().gets(ImdsEmulator.CREDENTIALS_PATH) >= sdks.size());
    }
}
