package io.imdsagent.testapps.emulator;

import java.time.Instant;
import java.util.Base64;
import java.util.Random;

/**
 * One set of temporary credentials as IMDS or STS hands them out. {@code toString()} shows the key id
 * and expiry only, never the secret or the token.
 */
public record IssuedCredentials(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant lastUpdated, Instant expiration) {

  private static final String KEY_ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SECRET_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** Fresh random values shaped like AWS's: {@code ASIA} + 16 key id characters, a 40-character secret, a long token. */
  public static IssuedCredentials generate(Random random, Instant lastUpdated, Instant expiration) {
    byte[] tokenBytes = new byte[444];
    random.nextBytes(tokenBytes);
    return new IssuedCredentials(
        "ASIA" + randomText(random, KEY_ID_CHARACTERS, 16),
        randomText(random, SECRET_CHARACTERS, 40),
        Base64.getEncoder().encodeToString(tokenBytes),
        lastUpdated,
        expiration);
  }

  /** An IAM unique id such as {@code AROA...} (role) or {@code AIPA...} (instance profile): the prefix and 17 characters. */
  public static String iamUniqueId(Random random, String prefix) {
    return prefix + randomText(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17);
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "IssuedCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
  }
}
