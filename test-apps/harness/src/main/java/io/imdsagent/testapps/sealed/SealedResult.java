package io.imdsagent.testapps.sealed;

import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.sts.StsRequest;
import java.util.List;

/**
 * What a sealed run left behind: each command's outcome in order, every request the emulator and the STS
 * stub received, and the runner's own output (useful when a command did not behave).
 */
public record SealedResult(
    List<CommandResult> commands, RequestLog imdsRequests, List<StsRequest> stsRequests, String runnerOutput) {

  public SealedResult {
    commands = List.copyOf(commands);
    stsRequests = List.copyOf(stsRequests);
  }

  public CommandResult command(int index) {
    return commands.get(index);
  }
}
