package io.imdsagent.testapps.emulator;

import static io.imdsagent.testapps.HttpCalls.send;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_HEADER;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_PATH;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_TTL_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenSessionTest {
  private static final String INSTANCE_ID = "/latest/meta-data/instance-id";
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  private ImdsEmulator imds;

  @AfterEach
  void close() {
    imds.close();
  }

  private String start(ImdsEmulator.Mode mode) throws Exception {
    imds = ImdsEmulator.builder().mode(mode).clock(clock).build().start();
    return imds.baseUrl();
  }

  private String token(String base, int ttlSeconds) throws Exception {
    HttpResponse<String> response = send("PUT", base + TOKEN_PATH, TOKEN_TTL_HEADER, String.valueOf(ttlSeconds));
    assertEquals(200, response.statusCode());
    return response.body();
  }

  @Test
  void tokenPutAnswersATokenAndEchoesTheTtl() throws Exception {
    String base = start(ImdsEmulator.Mode.REQUIRED);
    HttpResponse<String> response = send("PUT", base + TOKEN_PATH, TOKEN_TTL_HEADER, "21600");
    assertEquals(200, response.statusCode());
    assertEquals("21600", response.headers().firstValue(TOKEN_TTL_HEADER).orElse(null));
    assertTrue(response.body().matches("[A-Za-z0-9_-]{40,}"), response.body());
    assertNotEquals(response.body(), token(base, 21600), "tokens are random");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "21601", "abc", "-1", "1.5"})
  void tokenPutWithABadTtlIs400(String ttl) throws Exception {
    String base = start(ImdsEmulator.Mode.REQUIRED);
    assertEquals(400, send("PUT", base + TOKEN_PATH, TOKEN_TTL_HEADER, ttl).statusCode());
  }

  @Test
  void tokenPutWithoutTtlIs400() throws Exception {
    assertEquals(400, send("PUT", start(ImdsEmulator.Mode.REQUIRED) + TOKEN_PATH).statusCode());
  }

  @Test
  void tokenPutThroughAForwarderIs403() throws Exception {
    String base = start(ImdsEmulator.Mode.REQUIRED);
    assertEquals(403, send("PUT", base + TOKEN_PATH, TOKEN_TTL_HEADER, "60", "X-Forwarded-For", "10.1.2.3")
        .statusCode());
  }

  @Test
  void getOfTheTokenPathIs405() throws Exception {
    assertEquals(405, send("GET", start(ImdsEmulator.Mode.OPTIONAL) + TOKEN_PATH).statusCode());
  }

  @Test
  void requiredModeRefusesTokenlessGets() throws Exception {
    String base = start(ImdsEmulator.Mode.REQUIRED);
    HttpResponse<String> refused = send("GET", base + INSTANCE_ID);
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().contains("<title>401 - Unauthorized</title>"), refused.body());
    HttpResponse<String> served = send("GET", base + INSTANCE_ID, TOKEN_HEADER, token(base, 60));
    assertEquals(200, served.statusCode());
    assertEquals("i-0123456789abcdef0", served.body());
  }

  @Test
  void optionalModeServesTokenlessGetsButRefusesABadToken() throws Exception {
    String base = start(ImdsEmulator.Mode.OPTIONAL);
    assertEquals(200, send("GET", base + INSTANCE_ID).statusCode());
    assertEquals(401, send("GET", base + INSTANCE_ID, TOKEN_HEADER, "not-a-token").statusCode());
  }

  @Test
  void tokenExpiresAfterItsTtl() throws Exception {
    String base = start(ImdsEmulator.Mode.REQUIRED);
    String token = token(base, 1);
    clock.advance(Duration.ofMillis(999));
    assertEquals(200, send("GET", base + INSTANCE_ID, TOKEN_HEADER, token).statusCode());
    clock.advance(Duration.ofMillis(1));
    assertEquals(401, send("GET", base + INSTANCE_ID, TOKEN_HEADER, token).statusCode());
  }

  @Test
  void tokenExpiresOnTheRealClockToo() throws Exception {
    imds = ImdsEmulator.builder().build().start();
    // A 1 s token must be good for a GET that follows its PUT within 1 s. On a loaded machine the pair may take
    // longer (and then proves nothing): it is tried again, for up to a minute.
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    String token;
    int fresh;
    boolean withinTtl;
    do {
      long sent = System.nanoTime();
      token = token(imds.baseUrl(), 1);
      fresh = send("GET", imds.baseUrl() + INSTANCE_ID, TOKEN_HEADER, token).statusCode();
      withinTtl = System.nanoTime() - sent < Duration.ofSeconds(1).toNanos();
    } while (!withinTtl && System.nanoTime() < deadline);
    assertTrue(withinTtl, "no token PUT and GET took under 1 s together in a minute");
    assertEquals(200, fresh);
    // The PUT was answered before the GET, so more than 1 s after the GET the token is over 1 s old.
    Thread.sleep(1100);
    assertEquals(401, send("GET", imds.baseUrl() + INSTANCE_ID, TOKEN_HEADER, token).statusCode());
  }
}
