package io.imdsagent.testapps.emulator;

import static io.imdsagent.testapps.HttpCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorMainTest {

  @Test
  void flagsConfigureTheEmulatorAndItsFaults() throws Exception {
    try (ImdsEmulator imds = EmulatorMain.start(List.of("--bind", "127.0.0.1:0", "--mode", "optional",
        "--role", "app-role", "--lifetime", "30s", "--rotation-lead", "3s", "--expired-credentials",
        "--fail-next", "/latest/meta-data/instance-id:500:1"))) {
      assertEquals("app-role", send("GET", imds.baseUrl() + ImdsEmulator.CREDENTIALS_PATH).body());
      assertEquals(500, send("GET", imds.baseUrl() + "/latest/meta-data/instance-id").statusCode());
      assertEquals(200, send("GET", imds.baseUrl() + "/latest/meta-data/instance-id").statusCode());
      assertTrue(imds.currentCredentials().expiration().isBefore(java.time.Instant.now()));
      assertTrue(EmulatorMain.describe(imds).startsWith("http://127.0.0.1:"));
    }
  }

  @Test
  void bindsIpv6Loopback() throws Exception {
    try (ImdsEmulator imds = EmulatorMain.start(List.of("--bind", "[::1]:0", "--mode", "optional"))) {
      assertTrue(imds.baseUrl().startsWith("http://[0:0:0:0:0:0:0:1]:"), imds.baseUrl());
      assertEquals(200, send("GET", imds.baseUrl() + "/latest/meta-data/instance-id").statusCode());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0:1338", "10.1.2.3:80", "[::]:80", "[fd00:ec2::253]:80", "example.com:80", "1338"})
  void refusesToListenAnywhereButLoopbackAndTheImdsAddresses(String bind) {
    assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(List.of("--bind", bind)));
  }

  @Test
  void imdsAddressesAreAcceptedForASealedNamespace() {
    ImdsEmulator.checkBindable(EmulatorMain.bindAddress("169.254.169.254:80"));
    ImdsEmulator.checkBindable(EmulatorMain.bindAddress("[fd00:ec2::254]:80"));
    ImdsEmulator.checkBindable(new InetSocketAddress("127.0.0.2", 80));
  }

  @ParameterizedTest
  @CsvSource({"1500ms,PT1.5S", "30s,PT30S", "5m,PT5M", "6h,PT6H"})
  void durations(String text, Duration expected) {
    assertEquals(expected, EmulatorMain.duration("--lifetime", text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--lifetime=6h", "--mode", "--unknown", "--lifetime 6x"})
  void badFlagsNameThemselves(String flags) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> EmulatorMain.start(List.of(flags.split(" "))));
    assertTrue(error.getMessage().startsWith("imds-harness: "), error.getMessage());
  }
}
