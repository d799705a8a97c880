package io.imdsagent.testapps.sealed;

import java.util.List;

/** How one command run in the sealed namespace ended. {@code toString()} shows all of it, for assertion messages. */
public record CommandResult(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {

  public CommandResult {
    command = List.copyOf(command);
  }

  @Override
  public String toString() {
    return "command " + command + (timedOut ? " timed out" : "") + " exited " + exitCode
        + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
  }
}
