package io.imdsagent.testapps.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostEnvironmentTest {

  @Test
  void credentialsContainerEndpointsAgentOptionsAndJvmOptionVariablesAreRemoved() {
    Map<String, String> environment = new HashMap<>(Map.ofEntries(
        Map.entry("AWS_ACCESS_KEY_ID", "AKIAHOST"), Map.entry("AWS_SECRET_ACCESS_KEY", "host-secret"),
        Map.entry("AWS_PROFILE", "prod"), Map.entry("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds"),
        Map.entry("AWS_CONTAINER_AUTHORIZATION_TOKEN", "t"), Map.entry("ECS_CONTAINER_METADATA_URI_V4", "http://x"),
        Map.entry("IMDS_AGENT_IMDSV1", "allow"), Map.entry("JAVA_TOOL_OPTIONS", "-javaagent:x.jar"),
        Map.entry("PATH", "/usr/bin"), Map.entry("HOME", "/root"), Map.entry("MY_AWS_THING", "kept")));
    HostEnvironment.clean(environment);
    assertEquals(Map.of("PATH", "/usr/bin", "HOME", "/root", "MY_AWS_THING", "kept"), environment);
  }
}
