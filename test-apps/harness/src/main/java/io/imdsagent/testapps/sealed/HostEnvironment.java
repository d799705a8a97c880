package io.imdsagent.testapps.sealed;

import java.util.List;
import java.util.Map;

/**
 * What a forked test process must not inherit from the machine that runs the tests: AWS credentials and
 * settings (a CI runner's real keys would be used), container credential endpoints, the agent's own options,
 * and JVM option variables that would load another agent. A test sets what it needs on top.
 */
public final class HostEnvironment {
  private static final List<String> PREFIXES = List.of("AWS_", "ECS_CONTAINER_METADATA_URI", "IMDS_AGENT_");
  private static final List<String> NAMES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private HostEnvironment() {
  }

  /** Removes from {@code environment} (a ProcessBuilder's) every variable a test must set itself, if at all. */
  public static void clean(Map<String, String> environment) {
    environment.keySet().removeIf(name -> NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith));
  }
}
