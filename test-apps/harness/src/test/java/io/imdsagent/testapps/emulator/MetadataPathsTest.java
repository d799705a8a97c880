package io.imdsagent.testapps.emulator;

import static io.imdsagent.testapps.HttpCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TIMESTAMP = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z";
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00.250Z"));
  private ImdsEmulator imds;

  @BeforeEach
  void start() throws Exception {
    imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.OPTIONAL).clock(clock).role("s3access")
        .account("210987654321").partition("aws-cn").region("cn-north-1").instanceId("i-00000000000000abc")
        .build().start();
  }

  @AfterEach
  void close() {
    imds.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", imds.baseUrl() + path);
  }

  @Test
  void credentialListingNamesTheRole() throws Exception {
    assertEquals("s3access", get("/latest/meta-data/iam/security-credentials/").body());
  }

  @Test
  void credentialsHaveAwsShape() throws Exception {
    HttpResponse<String> response = get("/latest/meta-data/iam/security-credentials/s3access");
    assertEquals(200, response.statusCode());
    assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse(null));
    Map<String, Object> document = JSON.readValue(response.body(), Map.class);
    assertEquals(List.of("Code", "LastUpdated", "Type", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"),
        List.copyOf(document.keySet()));
    assertEquals("Success", document.get("Code"));
    assertEquals("AWS-HMAC", document.get("Type"));
    assertEquals("2024-05-01T12:00:00Z", document.get("LastUpdated"));
    assertEquals("2024-05-01T18:00:00Z", document.get("Expiration"));
    assertTrue(((String) document.get("AccessKeyId")).matches("ASIA[A-Z0-9]{16}"), response.body());
    assertTrue(((String) document.get("SecretAccessKey")).matches("[A-Za-z0-9+/]{40}"));
    assertTrue(((String) document.get("Token")).length() > 400);
    assertTrue(response.body().startsWith("{\n  \"Code\" : \"Success\",\n"), response.body());
    assertEquals(document.get("AccessKeyId"), imds.currentCredentials().accessKeyId());
  }

  @Test
  void unknownRoleIs404WithAnErrorPage() throws Exception {
    HttpResponse<String> response = get("/latest/meta-data/iam/security-credentials/other-role");
    assertEquals(404, response.statusCode());
    assertTrue(response.body().contains("<h1>404 - Not Found</h1>"), response.body());
  }

  @Test
  void instanceProfileInfoNamesTheProfile() throws Exception {
    Map<String, Object> info = JSON.readValue(get("/latest/meta-data/iam/info").body(), Map.class);
    assertEquals("Success", info.get("Code"));
    assertTrue(((String) info.get("LastUpdated")).matches(TIMESTAMP));
    assertEquals("arn:aws-cn:iam::210987654321:instance-profile/s3access", info.get("InstanceProfileArn"));
    assertTrue(((String) info.get("InstanceProfileId")).matches("AIPA[A-Z2-7]{17}"), info.toString());
  }

  @Test
  void instanceAndPlacement() throws Exception {
    assertEquals("i-00000000000000abc", get("/latest/meta-data/instance-id").body());
    assertEquals("cn-north-1", get("/latest/meta-data/placement/region").body());
    assertEquals("cn-north-1a", get("/latest/meta-data/placement/availability-zone").body());
    assertEquals("iam/\ninstance-id\nplacement/", get("/latest/meta-data/").body());
    assertEquals("arn:aws-cn:iam::210987654321:role/s3access", imds.roleArn());
  }

  @Test
  void identityDocument() throws Exception {
    Map<String, Object> document = JSON.readValue(get("/latest/dynamic/instance-identity/document").body(), Map.class);
    assertEquals("210987654321", document.get("accountId"));
    assertEquals("cn-north-1", document.get("region"));
    assertEquals("cn-north-1a", document.get("availabilityZone"));
    assertEquals("i-00000000000000abc", document.get("instanceId"));
    assertTrue(document.containsKey("billingProducts"));
  }

  @Test
  void otherPathsAre404() throws Exception {
    assertEquals(404, get("/latest/meta-data/hostname").statusCode());
    assertEquals(404, get("/latest/user-data").statusCode());
    assertEquals(405, send("POST", imds.baseUrl() + "/latest/meta-data/instance-id").statusCode());
  }

  @Test
  void noInstanceProfileMeansTheIamPathsAre404() throws Exception {
    try (ImdsEmulator bare = ImdsEmulator.builder().mode(ImdsEmulator.Mode.OPTIONAL).role(null).build().start()) {
      assertEquals(404, send("GET", bare.baseUrl() + "/latest/meta-data/iam/security-credentials/").statusCode());
      assertEquals(404, send("GET", bare.baseUrl() + "/latest/meta-data/iam/info").statusCode());
      assertEquals(200, send("GET", bare.baseUrl() + "/latest/meta-data/instance-id").statusCode());
    }
  }
}
