package io.imdsagent.testapps.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Which credentials a role serves at a given time. AWS promises new instance-profile credentials at least
 * five minutes before the old ones expire, so set n is issued at {@code start + n * (lifetime - lead)} and
 * expires {@code lifetime} later. Not thread-safe; the emulator calls it under its lock.
 */
final class CredentialSchedule {
  private final Random random;
  private final Instant start;
  private final Duration lifetime;
  private final Duration period;
  private long currentIndex = -1;
  private IssuedCredentials current;

  CredentialSchedule(Random random, Instant start, Duration lifetime, Duration lead) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("credential lifetime must be positive: " + lifetime);
    }
    if (lead.isNegative() || lead.compareTo(lifetime) >= 0) {
      throw new IllegalArgumentException("rotation lead must be at least 0 and shorter than the lifetime "
          + lifetime + ": " + lead);
    }
    this.random = random;
    this.start = start;
    this.lifetime = lifetime;
    this.period = lifetime.minus(lead);
  }

  IssuedCredentials at(Instant now) {
    long elapsedNanos = Duration.between(start, now).toNanos();
    long index = Math.max(0, elapsedNanos / period.toNanos());
    if (index != currentIndex) {
      Instant issued = start.plus(period.multipliedBy(index));
      current = IssuedCredentials.generate(random, issued, issued.plus(lifetime));
      currentIndex = index;
    }
    return current;
  }
}
