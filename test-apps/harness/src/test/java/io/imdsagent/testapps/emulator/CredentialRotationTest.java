package io.imdsagent.testapps.emulator;

import static io.imdsagent.testapps.HttpCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lifetime 6 s, lead 3 s: new credentials from 3 s on, as a short-lived copy of AWS's 6 h / 5 min. */
class CredentialRotationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void newCredentialsAppearAtExpirationMinusLead() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
    try (ImdsEmulator imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.OPTIONAL).clock(clock)
        .credentialLifetime(Duration.ofSeconds(6)).rotationLead(Duration.ofSeconds(3)).build().start()) {
      Map<String, Object> first = credentials(imds);
      assertEquals("2024-05-01T12:00:06Z", first.get("Expiration"));

      clock.advance(Duration.ofMillis(2999));
      assertEquals(first.get("AccessKeyId"), credentials(imds).get("AccessKeyId"));

      clock.advance(Duration.ofMillis(1));
      Map<String, Object> second = credentials(imds);
      assertNotEquals(first.get("AccessKeyId"), second.get("AccessKeyId"));
      assertNotEquals(first.get("Token"), second.get("Token"));
      assertEquals("2024-05-01T12:00:03Z", second.get("LastUpdated"));
      assertEquals("2024-05-01T12:00:09Z", second.get("Expiration"));
    }
  }

  @Test
  void rotatesOnTheRealClock() throws Exception {
    try (ImdsEmulator imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.OPTIONAL)
        .credentialLifetime(Duration.ofMillis(1200)).rotationLead(Duration.ofMillis(900)).build().start()) {
      Object first = credentials(imds).get("AccessKeyId");
      Thread.sleep(350);
      assertNotEquals(first, credentials(imds).get("AccessKeyId"));
    }
  }

  private static Map<String, Object> credentials(ImdsEmulator imds) throws Exception {
    return JSON.readValue(send("GET", imds.baseUrl() + ImdsEmulator.CREDENTIALS_PATH + imds.role()).body(), Map.class);
  }
}
