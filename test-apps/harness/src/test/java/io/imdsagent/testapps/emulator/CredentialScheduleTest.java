package io.imdsagent.testapps.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CredentialScheduleTest {
  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
  private final CredentialSchedule schedule =
      new CredentialSchedule(new Random(1), START, Duration.ofHours(6), Duration.ofMinutes(5));

  @Test
  void sameCredentialsUntilTheLeadBeforeExpiry() {
    IssuedCredentials first = schedule.at(START);
    assertEquals(START, first.lastUpdated());
    assertEquals(START.plus(Duration.ofHours(6)), first.expiration());
    assertSame(first, schedule.at(START.plus(Duration.ofMinutes(354)).minusMillis(1)));
  }

  @Test
  void newCredentialsAtExpirationMinusLead() {
    IssuedCredentials first = schedule.at(START);
    Instant rotation = first.expiration().minus(Duration.ofMinutes(5));
    IssuedCredentials second = schedule.at(rotation);
    assertEquals(rotation, second.lastUpdated());
    assertEquals(rotation.plus(Duration.ofHours(6)), second.expiration());
    assertNotEquals(first.accessKeyId(), second.accessKeyId());
    assertNotEquals(first.secretAccessKey(), second.secretAccessKey());
    assertNotEquals(first.sessionToken(), second.sessionToken());
  }

  @Test
  void aLongJumpLandsOnTheSetDueThen() {
    IssuedCredentials later = schedule.at(START.plus(Duration.ofDays(365)));
    Duration period = Duration.ofMinutes(355);
    long index = Duration.ofDays(365).toMinutes() / period.toMinutes();
    assertEquals(START.plus(period.multipliedBy(index)), later.lastUpdated());
  }

  @Test
  void leadMustBeShorterThanLifetime() {
    assertThrows(IllegalArgumentException.class,
        () -> new CredentialSchedule(new Random(), START, Duration.ofSeconds(3), Duration.ofSeconds(3)));
  }

  @Test
  void toStringHidesTheSecrets() {
    IssuedCredentials credentials = schedule.at(START);
    String text = credentials.toString();
    assertEquals(-1, text.indexOf(credentials.secretAccessKey()));
    assertEquals(-1, text.indexOf(credentials.sessionToken()));
    assertNotEquals(-1, text.indexOf(credentials.accessKeyId()));
  }
}
