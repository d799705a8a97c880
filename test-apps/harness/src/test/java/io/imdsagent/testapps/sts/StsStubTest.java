package io.imdsagent.testapps.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.HttpCalls;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class StsStubTest {
  private static final String SIGNED_BY = "AWS4-HMAC-SHA256 Credential=ASIAINSTANCEKEY00001/20240501/us-west-2/sts/"
      + "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=0123abcd";
  @TempDir
  Path directory;
  private StsStub sts;

  @BeforeEach
  void start() throws Exception {
    sts = StsStub.builder().account("123456789012").instanceRole("app-role").instanceId("i-0abc")
        .requestLog(directory.resolve("sts.jsonl")).build().start();
  }

  @AfterEach
  void close() {
    sts.close();
  }

  private HttpResponse<String> post(String form, String authorization) throws Exception {
    return HttpCalls.send("POST", sts.endpoint() + "/", Duration.ofSeconds(5),
        HttpRequest.BodyPublishers.ofString(form),
        "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
        "Authorization", authorization, "X-Amz-Security-Token", "session-token-value");
  }

  private static Document xml(HttpResponse<String> response) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Document document, String element) {
    return document.getElementsByTagName(element).item(0).getTextContent();
  }

  @Test
  void getCallerIdentityNamesTheInstanceRoleSessionAndRecordsTheSigner() throws Exception {
    HttpResponse<String> response = post("Action=GetCallerIdentity&Version=2011-06-15", SIGNED_BY);
    assertEquals(200, response.statusCode());
    assertEquals("text/xml", response.headers().firstValue("Content-Type").orElse(null));
    Document document = xml(response);
    assertEquals("GetCallerIdentityResponse", document.getDocumentElement().getLocalName());
    assertEquals("https://sts.amazonaws.com/doc/2011-06-15/", document.getDocumentElement().getNamespaceURI());
    assertEquals("arn:aws:sts::123456789012:assumed-role/app-role/i-0abc", text(document, "Arn"));
    assertTrue(text(document, "UserId").matches("AROA[A-Z2-7]{17}:i-0abc"));
    assertEquals("123456789012", text(document, "Account"));
    assertFalse(text(document, "RequestId").isEmpty());

    StsRequest request = sts.requests().get(0);
    assertEquals("GetCallerIdentity", request.action());
    assertEquals("ASIAINSTANCEKEY00001", request.accessKeyId());
    assertEquals("us-west-2", request.signingRegion());
    assertTrue(request.hadSecurityToken());
    assertEquals("2011-06-15", request.param("Version"));
    assertFalse(request.toJson().contains("session-token-value"));
  }

  @Test
  void assumeRoleIssuesCredentialsAndRecordsEveryParameter() throws Exception {
    String form = "Action=AssumeRole&Version=2011-06-15"
        + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fteam%2Fapp-role&RoleSessionName=job-1"
        + "&DurationSeconds=900&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnly"
        + "&Tags.member.1.Key=team&Tags.member.1.Value=blue&SourceIdentity=alice&Policy=%7B%22a%22%3A+1%7D";
    HttpResponse<String> response = post(form, SIGNED_BY);
    assertEquals(200, response.statusCode(), response.body());
    Document document = xml(response);
    assertEquals("AssumeRoleResponse", document.getDocumentElement().getLocalName());
    assertEquals("arn:aws:sts::123456789012:assumed-role/app-role/job-1", text(document, "Arn"));
    assertTrue(text(document, "AssumedRoleId").matches("AROA[A-Z2-7]{17}:job-1"));
    String issuedKey = text(document, "AccessKeyId");
    assertTrue(issuedKey.matches("ASIA[A-Z0-9]{16}"));
    assertEquals(40, text(document, "SecretAccessKey").length());
    assertFalse(text(document, "SessionToken").isEmpty());
    Instant expiration = Instant.parse(text(document, "Expiration"));
    assertTrue(Duration.between(Instant.now(), expiration).getSeconds() > 850);
    assertEquals("alice", text(document, "SourceIdentity"));

    StsRequest request = sts.requests().get(0);
    assertEquals("arn:aws:iam::123456789012:role/team/app-role", request.param("RoleArn"));
    assertEquals("arn:aws:iam::aws:policy/ReadOnly", request.param("PolicyArns.member.1.arn"));
    assertEquals("blue", request.param("Tags.member.1.Value"));
    assertEquals("{\"a\": 1}", request.param("Policy"));

    HttpResponse<String> whoAmI = post("Action=GetCallerIdentity&Version=2011-06-15",
        SIGNED_BY.replace("ASIAINSTANCEKEY00001", issuedKey));
    assertEquals("arn:aws:sts::123456789012:assumed-role/app-role/job-1", text(xml(whoAmI), "Arn"));
  }

  @Test
  void badRequestsGetAnErrorResponse() throws Exception {
    HttpResponse<String> unknown = post("Action=GetSessionToken&Version=2011-06-15", SIGNED_BY);
    assertEquals(400, unknown.statusCode());
    assertEquals("InvalidAction", text(xml(unknown), "Code"));
    HttpResponse<String> noRole = post("Action=AssumeRole&Version=2011-06-15&RoleSessionName=x", SIGNED_BY);
    assertEquals(400, noRole.statusCode());
    assertEquals("ErrorResponse", xml(noRole).getDocumentElement().getLocalName());
    assertEquals("ValidationError", text(xml(noRole), "Code"));
  }

  @Test
  void unsignedRequestsAreRecordedWithoutAKey() throws Exception {
    HttpCalls.send("POST", sts.endpoint() + "/?Action=GetCallerIdentity&Version=2011-06-15");
    StsRequest request = sts.requests().get(0);
    assertEquals("GetCallerIdentity", request.action());
    assertNull(request.accessKeyId());
    assertFalse(request.hadSecurityToken());
  }

  @Test
  void theJsonLinesLogReadsBackAsRecorded() throws Exception {
    post("Action=GetCallerIdentity&Version=2011-06-15", SIGNED_BY);
    post("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr", SIGNED_BY);
    List<StsRequest> read = StsRequest.readJsonLines(directory.resolve("sts.jsonl"));
    assertEquals(sts.requests(), read);
    assertEquals(400, read.get(1).status());
  }
}
