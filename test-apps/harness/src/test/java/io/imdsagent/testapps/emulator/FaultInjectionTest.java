package io.imdsagent.testapps.emulator;

import static io.imdsagent.testapps.HttpCalls.send;
import static io.imdsagent.testapps.emulator.ImdsEmulator.CREDENTIALS_PATH;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_HEADER;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_PATH;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_TTL_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE = "s3access";
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  private ImdsEmulator imds;

  @BeforeEach
  void start() throws Exception {
    imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.OPTIONAL).role(ROLE).clock(clock).build().start();
  }

  @AfterEach
  void close() {
    imds.close();
  }

  private int status(String method, String path, String... headers) throws Exception {
    return send(method, imds.baseUrl() + path, headers).statusCode();
  }

  @Test
  void failNextFailsOnlyThatManyRequestsUnderThePrefix() throws Exception {
    imds.failNext("/latest/meta-data/iam/", 503, 2);
    assertEquals(503, status("GET", CREDENTIALS_PATH + ROLE));
    assertEquals(200, status("GET", "/latest/meta-data/instance-id"));
    assertEquals(503, status("GET", CREDENTIALS_PATH));
    assertEquals(200, status("GET", CREDENTIALS_PATH + ROLE));
  }

  @Test
  void failNextAppliesToTokenPutsToo() throws Exception {
    imds.failNext(TOKEN_PATH, 500, 1);
    assertEquals(500, status("PUT", TOKEN_PATH, TOKEN_TTL_HEADER, "60"));
    assertEquals(200, status("PUT", TOKEN_PATH, TOKEN_TTL_HEADER, "60"));
  }

  @Test
  void delayHoldsTheAnswerForThatPrefixOnly() throws Exception {
    imds.delay("/latest/meta-data/instance-id", Duration.ofMillis(300));
    long started = System.nanoTime();
    assertEquals(200, status("GET", "/latest/meta-data/instance-id"));
    assertTrue(System.nanoTime() - started >= Duration.ofMillis(300).toNanos());
    started = System.nanoTime();
    assertEquals(200, status("GET", "/latest/meta-data/placement/region"));
    assertTrue(System.nanoTime() - started < Duration.ofMillis(250).toNanos());
  }

  @Test
  void hungTokenPutLeavesGetsAnswering() throws Exception {
    String token = send("PUT", imds.baseUrl() + TOKEN_PATH, TOKEN_TTL_HEADER, "60").body();
    imds.hangTokenPut(true);
    assertThrows(HttpTimeoutException.class, () -> send("PUT", imds.baseUrl() + TOKEN_PATH,
        Duration.ofMillis(300), HttpRequest.BodyPublishers.noBody(), TOKEN_TTL_HEADER, "60"));
    assertEquals(200, status("GET", "/latest/meta-data/instance-id"));
    assertEquals(200, status("GET", "/latest/meta-data/instance-id", TOKEN_HEADER, token));
    RecordedRequest hung = imds.requests().all().get(1);
    assertTrue(hung.isTokenPut());
    assertEquals(0, hung.status());

    imds.hangTokenPut(false);
    assertEquals(200, status("PUT", TOKEN_PATH, TOKEN_TTL_HEADER, "60"));
  }

  @Test
  void closeDoesNotWaitForAHungTokenPut() throws Exception {
    imds.hangTokenPut(true);
    CompletableFuture<?> pending = CompletableFuture.runAsync(() -> {
      try {
        send("PUT", imds.baseUrl() + TOKEN_PATH, TOKEN_TTL_HEADER, "60");
      } catch (Exception expected) {
        // the emulator drops the connection when it closes
      }
    });
    while (imds.requests().tokenPuts() == 0) {
      Thread.sleep(10);
    }
    long started = System.nanoTime();
    imds.close();
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "close took too long");
    pending.get();
  }

  @Test
  void roleSwapMovesTheListingAndRetiresTheOldPath() throws Exception {
    String before = imds.currentCredentials().accessKeyId();
    imds.swapRole("s3access-v2");
    assertEquals("s3access-v2", send("GET", imds.baseUrl() + CREDENTIALS_PATH).body());
    assertEquals(404, status("GET", CREDENTIALS_PATH + ROLE));
    Map<String, Object> swapped = JSON.readValue(send("GET", imds.baseUrl() + CREDENTIALS_PATH + "s3access-v2").body(), Map.class);
    assertNotEquals(before, swapped.get("AccessKeyId"));
  }

  @Test
  void expiredCredentialsHaveAnExpirationInThePastAndDoNotRotate() throws Exception {
    String current = imds.currentCredentials().accessKeyId();
    imds.expiredCredentials(true);
    Map<String, Object> expired = credentials();
    assertEquals("2024-05-01T11:59:00Z", expired.get("Expiration"));
    assertNotEquals(current, expired.get("AccessKeyId"));
    clock.advance(Duration.ofHours(7));
    assertEquals(expired.get("AccessKeyId"), credentials().get("AccessKeyId"));

    imds.expiredCredentials(false);
    assertEquals("2024-05-01T23:55:00Z", credentials().get("Expiration"));
  }

  @Test
  void malformedCredentialsAreCutOff() throws Exception {
    imds.malformedCredentials(true);
    String body = send("GET", imds.baseUrl() + CREDENTIALS_PATH + ROLE).body();
    assertTrue(body.startsWith("{\n  \"Code\" : \"Success\""), body);
    assertTrue(body.contains(imds.currentCredentials().accessKeyId()));
    assertThrows(JsonProcessingException.class, () -> JSON.readTree(body));
    imds.malformedCredentials(false);
    assertEquals(imds.currentCredentials().accessKeyId(), credentials().get("AccessKeyId"));
  }

  private Map<String, Object> credentials() throws Exception {
    return JSON.readValue(send("GET", imds.baseUrl() + CREDENTIALS_PATH + ROLE).body(), Map.class);
  }

  @Test
  void hangEverythingHoldsEveryRequestUntilTurnedOff() throws Exception {
    imds.hangEverything(true);
    assertThrows(HttpTimeoutException.class, () -> send("GET", imds.baseUrl() + "/latest/meta-data/instance-id",
        Duration.ofMillis(300), HttpRequest.BodyPublishers.noBody()));
    imds.hangEverything(false);
    assertEquals(200, status("GET", "/latest/meta-data/instance-id"));
  }

  @Test
  void theCredentialsDocumentAndListingCanBeRewritten() throws Exception {
    imds.rewriteCredentials(document -> document.replace("\"Success\"", "\"Failure\""));
    imds.roleListing(ROLE + "\nsecond-role");
    assertTrue(send("GET", imds.baseUrl() + CREDENTIALS_PATH + ROLE).body().contains("\"Failure\""));
    assertEquals(ROLE + "\nsecond-role", send("GET", imds.baseUrl() + CREDENTIALS_PATH).body());
    imds.rewriteCredentials(null).roleListing(null);
    assertTrue(send("GET", imds.baseUrl() + CREDENTIALS_PATH + ROLE).body().contains("\"Success\""));
  }

  @Test
  void theTtlEchoCanBeLeftOutAndTokensRevoked() throws Exception {
    imds.omitTokenTtlEcho(true);
    var minted = send("PUT", imds.baseUrl() + TOKEN_PATH, TOKEN_TTL_HEADER, "60");
    assertEquals(200, minted.statusCode());
    assertTrue(minted.headers().firstValue(TOKEN_TTL_HEADER).isEmpty());
    assertEquals(200, status("GET", CREDENTIALS_PATH, TOKEN_HEADER, minted.body()));
    imds.revokeTokens();
    assertEquals(401, status("GET", CREDENTIALS_PATH, TOKEN_HEADER, minted.body()));
  }

  @Test
  void aDrippedDocumentArrivesWholeButSlowly() throws Exception {
    imds.dripCredentials(Duration.ofMillis(1));
    long started = System.nanoTime();
    String body = send("GET", imds.baseUrl() + CREDENTIALS_PATH + ROLE).body();
    assertTrue(body.endsWith("}"), body.length() + " characters");
    assertTrue((System.nanoTime() - started) / 1_000_000 >= body.length(), "drip of " + body.length() + " bytes");
    // The emulator notes the drip's end after its last byte's pause, which may be after the client has the body.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (imds.drippedBytes().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(List.of(body.getBytes(StandardCharsets.UTF_8).length), imds.drippedBytes());
  }
}
