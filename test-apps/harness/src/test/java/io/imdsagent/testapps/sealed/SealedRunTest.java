package io.imdsagent.testapps.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.RecordedRequest;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@RequiresSealedNamespace
class SealedRunTest {

  private static List<String> probe(String imdsBase) {
    return List.of(SealedNamespace.currentJava().toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), ImdsProbe.class.getName(), imdsBase);
  }

  @Test
  void commandsReachTheEmulatorOnTheImdsAddressesAndTheStsStub() throws Exception {
    SealedResult result = SealedRun.builder()
        .emulatorArgs("--mode", "required", "--role", "sealed-role")
        .withStsStub(true)
        .env("PROBE_MARKER", "set")
        .command("sh", "-c", "ip -o link; echo marker=$PROBE_MARKER imds=$IMDS_EMULATOR_URL")
        .command(probe("http://169.254.169.254"))
        .command(probe("http://[fd00:ec2::254]"))
        .timeout(Duration.ofSeconds(20))
        .run();

    CommandResult links = result.command(0);
    assertEquals(0, links.exitCode(), links.toString());
    assertEquals(1, links.stdout().lines().filter(line -> line.contains(": ")).count(), "only lo: " + links);
    assertTrue(links.stdout().contains(" lo: "), links.toString());
    assertTrue(links.stdout().contains("marker=set imds=http://169.254.169.254"), links.toString());

    for (CommandResult probe : result.commands().subList(1, 3)) {
      assertEquals(0, probe.exitCode(), probe + "\n" + result.runnerOutput());
      assertTrue(probe.stdout().contains("token-status=200\nrole=sealed-role\nsts-status=200"), probe.toString());
    }
    assertEquals(2, result.imdsRequests().tokenPuts(), result.imdsRequests().toString());
    assertEquals(2, result.imdsRequests().count(RecordedRequest::tokenValid));
    assertEquals(2, result.stsRequests().size());
    assertEquals("ASIAPROBE00000000000", result.stsRequests().get(0).accessKeyId());
  }

  @Test
  void aCommandThatOverrunsItsTimeoutIsKilled() throws Exception {
    SealedResult result = SealedRun.builder()
        .command("sh", "-c", "echo started; sleep 30")
        .timeout(Duration.ofMillis(700))
        .run();
    CommandResult sleeper = result.command(0);
    assertTrue(sleeper.timedOut(), sleeper.toString());
    assertEquals("started\n", sleeper.stdout());
    assertEquals(0, result.imdsRequests().size());
  }
}
