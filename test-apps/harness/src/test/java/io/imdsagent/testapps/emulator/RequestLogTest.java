package io.imdsagent.testapps.emulator;

import static io.imdsagent.testapps.HttpCalls.send;
import static io.imdsagent.testapps.emulator.ImdsEmulator.CREDENTIALS_PATH;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_HEADER;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_PATH;
import static io.imdsagent.testapps.emulator.ImdsEmulator.TOKEN_TTL_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {

  @Test
  void recordsEachRequestInMemoryAndAsJsonLines(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("imds.jsonl");
    ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
    try (ImdsEmulator imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.OPTIONAL).role("r").clock(clock)
        .requestLog(file).build().start()) {
      String base = imds.baseUrl();
      String token = send("PUT", base + TOKEN_PATH, TOKEN_TTL_HEADER, "21600", "User-Agent", "probe/1.0").body();
      send("GET", base + CREDENTIALS_PATH + "r", TOKEN_HEADER, token);
      send("GET", base + CREDENTIALS_PATH + "r", "Via", "1.1 proxy", "Forwarded", "for=10.0.0.1");
      send("GET", base + "/latest/meta-data/instance-id", TOKEN_HEADER, "forged");

      RequestLog log = imds.requests();
      assertEquals(4, log.size(), log.toString());
      assertEquals(1, log.tokenPuts());
      assertEquals(2, log.gets(CREDENTIALS_PATH + "r"));
      assertEquals(1, log.tokenless());

      List<RecordedRequest> all = log.all();
      RecordedRequest put = all.get(0);
      assertEquals(Instant.parse("2024-05-01T12:00:00Z"), put.time());
      assertEquals("PUT", put.method());
      assertEquals("21600", put.tokenTtl());
      assertEquals("probe/1.0", put.userAgent());
      assertEquals(200, put.status());
      assertNull(put.servedAccessKeyId());

      RecordedRequest tokened = all.get(1);
      assertTrue(tokened.hadToken() && tokened.tokenValid());
      assertEquals(imds.currentCredentials().accessKeyId(), tokened.servedAccessKeyId());

      RecordedRequest forwarded = all.get(2);
      assertFalse(forwarded.hadToken());
      assertEquals(List.of("Forwarded", "Via"), forwarded.forwardingHeaders());

      RecordedRequest forged = all.get(3);
      assertTrue(forged.hadToken());
      assertFalse(forged.tokenValid());
      assertEquals(401, forged.status());

      assertEquals(all, RequestLog.readJsonLines(file).all());
    }
  }

  @Test
  void aMissingLogFileIsAnEmptyLog(@TempDir Path directory) throws Exception {
    assertEquals(0, RequestLog.readJsonLines(directory.resolve("absent.jsonl")).size());
  }
}
