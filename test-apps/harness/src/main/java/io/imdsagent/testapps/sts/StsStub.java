package io.imdsagent.testapps.sts;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imdsagent.testapps.emulator.IssuedCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the STS Query API (version 2011-06-15) the way the SDKs v1 and v2 call it: a form-encoded POST,
 * an XML answer. {@code GetCallerIdentity} names the instance role's session, or the assumed role for
 * credentials this stub issued; {@code AssumeRole} issues fresh credentials. Every request is recorded.
 */
public final class StsStub implements AutoCloseable {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern CREDENTIAL_SCOPE =
      Pattern.compile("Credential=([^/,\\s]+)/[0-9]{8}/([^/,\\s]+)/[^/,\\s]+/aws4_request");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:([^:]+):iam::([0-9]{12}):role/(?:.*/)?([^/]+)");

  private final String account;
  private final String partition;
  private final String instanceRole;
  private final String instanceId;
  private final Path requestLogFile;
  private final Random random = new SecureRandom();
  private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "sts-stub");
    thread.setDaemon(true);
    return thread;
  });

  // Guarded by this.
  private final List<StsRequest> requests = new ArrayList<>();
  private final Map<String, Caller> issuedCallers = new HashMap<>();
  private final Map<String, String> roleIds = new HashMap<>();
  private HttpServer server;

  private StsStub(Builder builder) {
    this.account = builder.account;
    this.partition = builder.partition;
    this.instanceRole = builder.instanceRole;
    this.instanceId = builder.instanceId;
    this.requestLogFile = builder.requestLog;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Listens on 127.0.0.1 on a free port. */
  public synchronized StsStub start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("imds-harness: the STS stub starts once");
    }
    // The JDK server writes headers and body separately; without TCP_NODELAY the client's delayed ACK
    // stalls every answer by ~40 ms. Read once per JVM, so whichever server starts first sets it.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    return this;
  }

  /** {@code http://127.0.0.1:PORT}: what an SDK's STS endpoint override takes. */
  public synchronized String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized List<StsRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    HttpServer stopping;
    synchronized (this) {
      stopping = server;
    }
    if (stopping != null) {
      stopping.stop(0);
    }
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> params = new LinkedHashMap<>();
      decodeForm(exchange.getRequestURI().getRawQuery(), params);
      try (InputStream body = exchange.getRequestBody()) {
        decodeForm(new String(body.readAllBytes(), StandardCharsets.UTF_8), params);
      }
      Headers headers = exchange.getRequestHeaders();
      String authorization = headers.getFirst("Authorization");
      Matcher scope = CREDENTIAL_SCOPE.matcher(authorization == null ? "" : authorization);
      boolean signed = scope.find();
      String accessKeyId = signed ? scope.group(1) : null;
      String action = params.getOrDefault("Action", "");
      Reply reply = reply(action, params, accessKeyId);
      record(new StsRequest(Instant.now(), action, params, accessKeyId, signed ? scope.group(2) : null,
          headers.containsKey("X-Amz-Security-Token"), reply.status));
      byte[] bytes = reply.xml.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.getResponseHeaders().set("x-amzn-RequestId", reply.requestId);
      exchange.sendResponseHeaders(reply.status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private synchronized Reply reply(String action, Map<String, String> params, String accessKeyId) {
    String requestId = UUID.randomUUID().toString();
    switch (action) {
      case "GetCallerIdentity": {
        Caller caller = issuedCallers.getOrDefault(accessKeyId, new Caller(
            "arn:" + partition + ":sts::" + account + ":assumed-role/" + instanceRole + "/" + instanceId,
            roleId("arn:" + partition + ":iam::" + account + ":role/" + instanceRole) + ":" + instanceId,
            account));
        return new Reply(200, requestId, response("GetCallerIdentity", requestId,
            element("Arn", caller.arn) + element("UserId", caller.userId) + element("Account", caller.account)));
      }
      case "AssumeRole":
        return assumeRole(params, requestId);
      default:
        return error(400, "InvalidAction",
            "Could not find operation " + action + " for version 2011-06-15", requestId);
    }
  }

  private Reply assumeRole(Map<String, String> params, String requestId) {
    String roleArn = params.get("RoleArn");
    String sessionName = params.get("RoleSessionName");
    Matcher role = ROLE_ARN.matcher(roleArn == null ? "" : roleArn);
    if (!role.matches() || sessionName == null || sessionName.isEmpty()) {
      return error(400, "ValidationError",
          "1 validation error detected: RoleArn and RoleSessionName must be given and valid", requestId);
    }
    long durationSeconds;
    try {
      durationSeconds = Long.parseLong(params.getOrDefault("DurationSeconds", "3600"));
    } catch (NumberFormatException e) {
      durationSeconds = -1;
    }
    if (durationSeconds < 900 || durationSeconds > 43200) {
      return error(400, "ValidationError",
          "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint", requestId);
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    IssuedCredentials credentials =
        IssuedCredentials.generate(random, now, now.plus(Duration.ofSeconds(durationSeconds)));
    String assumedArn = "arn:" + role.group(1) + ":sts::" + role.group(2) + ":assumed-role/" + role.group(3)
        + "/" + sessionName;
    String assumedRoleId = roleId(roleArn) + ":" + sessionName;
    issuedCallers.put(credentials.accessKeyId(), new Caller(assumedArn, assumedRoleId, role.group(2)));
    boolean sessionPolicy = params.containsKey("Policy") || params.keySet().stream()
        .anyMatch(name -> name.startsWith("PolicyArns.") || name.startsWith("Tags."));
    String sourceIdentity = params.get("SourceIdentity");
    String result = (sourceIdentity == null ? "" : element("SourceIdentity", sourceIdentity))
        + "<AssumedRoleUser>" + element("AssumedRoleId", assumedRoleId) + element("Arn", assumedArn)
        + "</AssumedRoleUser>"
        + "<Credentials>"
        + element("AccessKeyId", credentials.accessKeyId())
        + element("SecretAccessKey", credentials.secretAccessKey())
        + element("SessionToken", credentials.sessionToken())
        + element("Expiration", credentials.expiration().toString())
        + "</Credentials>"
        + (sessionPolicy ? element("PackedPolicySize", "6") : "");
    return new Reply(200, requestId, response("AssumeRole", requestId, result));
  }

  /** The stable unique id of a role, as IAM gives it: {@code AROA} and 17 characters. */
  private String roleId(String roleArn) {
    return roleIds.computeIfAbsent(roleArn.toLowerCase(Locale.ROOT),
        arn -> IssuedCredentials.iamUniqueId(random, "AROA"));
  }

  private static String response(String action, String requestId, String result) {
    return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n"
        + "  <" + action + "Result>" + result + "</" + action + "Result>\n"
        + "  <ResponseMetadata>" + element("RequestId", requestId) + "</ResponseMetadata>\n"
        + "</" + action + "Response>\n";
  }

  private static Reply error(int status, String code, String message, String requestId) {
    return new Reply(status, requestId, "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
        + "  <Error>" + element("Type", "Sender") + element("Code", code) + element("Message", message)
        + "</Error>\n"
        + "  " + element("RequestId", requestId) + "\n"
        + "</ErrorResponse>\n");
  }

  private static String element(String name, String text) {
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    return "<" + name + ">" + escaped + "</" + name + ">";
  }

  private static void decodeForm(String form, Map<String, String> into) {
    if (form == null || form.isEmpty()) {
      return;
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      into.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }

  private synchronized void record(StsRequest request) {
    requests.add(request);
    if (requestLogFile != null) {
      try {
        Files.writeString(requestLogFile, request.toJson() + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("imds-harness: cannot append to STS request log " + requestLogFile, e);
      }
    }
  }

  private record Caller(String arn, String userId, String account) {
  }

  private record Reply(int status, String requestId, String xml) {
  }

  /** Configuration; {@code builder().build()} is a working stub for the emulator's default instance. */
  public static final class Builder {
    private String account = "123456789012";
    private String partition = "aws";
    private String instanceRole = "imds-agent-test-role";
    private String instanceId = "i-0123456789abcdef0";
    private Path requestLog;

    private Builder() {
    }

    /** The account of the instance's own identity; default {@code 123456789012}. */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /** Default {@code aws}. */
    public Builder partition(String partition) {
      this.partition = partition;
      return this;
    }

    /** The role GetCallerIdentity names for credentials this stub did not issue; default {@code imds-agent-test-role}. */
    public Builder instanceRole(String instanceRole) {
      this.instanceRole = instanceRole;
      return this;
    }

    /** The session name of the instance role's identity; default {@code i-0123456789abcdef0}. */
    public Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    /** Also append each request as a JSON line to this file. */
    public Builder requestLog(Path requestLog) {
      this.requestLog = requestLog;
      return this;
    }

    public StsStub build() {
      return new StsStub(this);
    }
  }
}
