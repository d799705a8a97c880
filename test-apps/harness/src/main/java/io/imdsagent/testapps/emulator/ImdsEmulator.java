package io.imdsagent.testapps.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * An IMDSv2 emulator over real sockets: session tokens with a TTL, the instance-profile role and its
 * rotating credentials, instance identity, and the faults IMDS shows in the field. Every request is recorded.
 *
 * <pre>{@code
 * try (ImdsEmulator imds = ImdsEmulator.builder().role("s3access").build().start()) {
 *   String url = imds.baseUrl(); // http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class ImdsEmulator implements AutoCloseable {
  public static final String TOKEN_PATH = "/latest/api/token";
  public static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
  public static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  public static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
  static final List<String> FORWARDING_HEADERS = List.of("X-Forwarded-For", "Forwarded", "Via");
  private static final int MAX_TOKEN_TTL_SECONDS = 21600;
  private static final List<InetAddress> IMDS_ADDRESSES =
      List.of(literalAddress("169.254.169.254"), literalAddress("fd00:ec2::254"));

  /** Whether a GET without a token is served (IMDSv1) or refused with 401. */
  public enum Mode { REQUIRED, OPTIONAL }

  private final Mode mode;
  private final String account;
  private final String partition;
  private final String region;
  private final String availabilityZone;
  private final String instanceId;
  private final String instanceProfileArn;
  private final String instanceProfileId;
  private final Duration credentialLifetime;
  private final Duration rotationLead;
  private final Clock clock;
  private final Path requestLogFile;
  private final Instant launchTime;
  private final Random random = new SecureRandom();
  private final Map<String, Instant> tokenExpiries = new ConcurrentHashMap<>();
  private final ExecutorService executor;

  // Guarded by this.
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final List<InjectedFailure> failures = new ArrayList<>();
  private final List<Integer> drippedBytes = new ArrayList<>();
  private final Map<String, Duration> delays = new HashMap<>();
  private String role;
  private CredentialSchedule schedule;
  private IssuedCredentials expiredCredentials;
  private boolean malformedCredentials;
  private UnaryOperator<String> credentialsRewrite;
  private String roleListing;
  private boolean omitTokenTtlEcho;
  private Duration credentialsDrip = Duration.ZERO;
  private CountDownLatch tokenPutRelease;
  private CountDownLatch everythingRelease;
  private boolean closed;

  private ImdsEmulator(Builder builder) {
    this.mode = builder.mode;
    this.account = builder.account;
    this.partition = builder.partition;
    this.region = builder.region;
    this.availabilityZone = builder.availabilityZone != null ? builder.availabilityZone : builder.region + "a";
    this.instanceId = builder.instanceId;
    String profileName = builder.instanceProfile != null ? builder.instanceProfile : builder.role;
    this.instanceProfileArn =
        "arn:" + builder.partition + ":iam::" + builder.account + ":instance-profile/" + profileName;
    this.instanceProfileId = IssuedCredentials.iamUniqueId(random, "AIPA");
    this.credentialLifetime = builder.credentialLifetime;
    this.rotationLead = builder.rotationLead;
    this.clock = builder.clock;
    this.requestLogFile = builder.requestLog;
    this.launchTime = clock.instant();
    this.role = builder.role;
    this.schedule = new CredentialSchedule(random, launchTime, credentialLifetime, rotationLead);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "imds-emulator-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Listens on each address (default: 127.0.0.1 on a free port). Only loopback addresses and the IMDS
   * addresses (which exist only inside a sealed namespace) are accepted, so fake credentials never reach a network.
   */
  public ImdsEmulator start(InetSocketAddress... addresses) throws IOException {
    List<InetSocketAddress> binds = addresses.length == 0
        ? List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        : List.of(addresses);
    binds.forEach(ImdsEmulator::checkBindable);
    synchronized (this) {
      if (closed || !servers.isEmpty()) {
        throw new IllegalStateException("imds-harness: an emulator starts once");
      }
      try {
        for (InetSocketAddress bind : binds) {
          // The JDK server writes headers and body separately; without TCP_NODELAY the client's delayed ACK
          // stalls every answer by ~40 ms. Read once per JVM, so whichever server starts first sets it.
          System.setProperty("sun.net.httpserver.nodelay", "true");
          HttpServer server = HttpServer.create(bind, 64);
          server.createContext("/", this::handle);
          server.setExecutor(executor);
          server.start();
          servers.add(server);
        }
      } catch (IOException e) {
        close();
        throw new IOException("imds-harness: cannot listen on " + binds + ": " + e.getMessage(), e);
      }
    }
    return this;
  }

  static void checkBindable(InetSocketAddress bind) {
    if (bind.isUnresolved()) {
      throw new IllegalArgumentException("imds-harness: cannot resolve " + bind.getHostString());
    }
    InetAddress address = bind.getAddress();
    if (!address.isLoopbackAddress() && !IMDS_ADDRESSES.contains(address)) {
      throw new IllegalArgumentException("imds-harness: refusing to listen on " + address.getHostAddress()
          + "; the emulator hands out credentials, so it listens only on loopback, or on 169.254.169.254"
          + " and fd00:ec2::254 inside a sealed network namespace");
    }
  }

  /** {@code http://HOST:PORT} of the first address listened on, without a trailing slash. */
  public String baseUrl() {
    return url(addresses().get(0));
  }

  /** The addresses listened on, with the ports actually bound. */
  public synchronized List<InetSocketAddress> addresses() {
    if (servers.isEmpty()) {
      throw new IllegalStateException("imds-harness: the emulator is not started");
    }
    return servers.stream().map(HttpServer::getAddress).collect(Collectors.toList());
  }

  static String url(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    if (address.getAddress() instanceof Inet6Address) {
      int scope = host.indexOf('%');
      host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
    }
    return "http://" + host + ":" + address.getPort();
  }

  /** The role the credential listing names now; null when no instance profile is attached. */
  public synchronized String role() {
    return role;
  }

  /** {@code arn:PARTITION:iam::ACCOUNT:role/ROLE} of the current role: what a self-assume names. */
  public synchronized String roleArn() {
    return "arn:" + partition + ":iam::" + account + ":role/" + role;
  }

  public String account() {
    return account;
  }

  public String partition() {
    return partition;
  }

  public String instanceId() {
    return instanceId;
  }

  /** The credentials the role path serves now (the expired set while {@link #expiredCredentials} is on). */
  public synchronized IssuedCredentials currentCredentials() {
    return expiredCredentials != null ? expiredCredentials : schedule.at(clock.instant());
  }

  /** A snapshot of every request so far. */
  public synchronized RequestLog requests() {
    return new RequestLog(requests);
  }

  /** The next {@code count} requests whose path starts with {@code pathPrefix} get {@code status} and an error page. */
  public synchronized ImdsEmulator failNext(String pathPrefix, int status, int count) {
    failures.add(new InjectedFailure(pathPrefix, status, count));
    return this;
  }

  /** Requests whose path starts with {@code pathPrefix} are answered after {@code delay}; ZERO removes it. */
  public synchronized ImdsEmulator delay(String pathPrefix, Duration delay) {
    if (delay.isZero()) {
      delays.remove(pathPrefix);
    } else {
      delays.put(pathPrefix, delay);
    }
    return this;
  }

  /**
   * Token PUTs get no answer while on, and GETs are still served: what an application in a container sees
   * when the instance's hop limit is 1. Turning it off (or closing) drops the hung connections unanswered.
   */
  public ImdsEmulator hangTokenPut(boolean hang) {
    CountDownLatch released = null;
    synchronized (this) {
      if (hang && tokenPutRelease == null && !closed) {
        tokenPutRelease = new CountDownLatch(1);
      } else if (!hang && tokenPutRelease != null) {
        released = tokenPutRelease;
        tokenPutRelease = null;
      }
    }
    if (released != null) {
      released.countDown();
    }
    return this;
  }

  /**
   * While on, every request is accepted and held unanswered: an instance still starting, or a container
   * whose network is not up yet. Turning it off (or closing) drops the held connections unanswered.
   */
  public ImdsEmulator hangEverything(boolean hang) {
    CountDownLatch released = null;
    synchronized (this) {
      if (hang && everythingRelease == null && !closed) {
        everythingRelease = new CountDownLatch(1);
      } else if (!hang && everythingRelease != null) {
        released = everythingRelease;
        everythingRelease = null;
      }
    }
    if (released != null) {
      released.countDown();
    }
    return this;
  }

  /**
   * The role path serves {@code rewrite} applied to the credentials document it would serve (null: the
   * document as is): wrong types, other {@code Code}s, other time formats, oversized bodies.
   */
  public synchronized ImdsEmulator rewriteCredentials(UnaryOperator<String> rewrite) {
    this.credentialsRewrite = rewrite;
    return this;
  }

  /** The credential listing's body from now on (null: the role name); the role path still serves the role. */
  public synchronized ImdsEmulator roleListing(String body) {
    this.roleListing = body;
    return this;
  }

  /** Token PUTs are answered without the TTL header while on. */
  public synchronized ImdsEmulator omitTokenTtlEcho(boolean omit) {
    this.omitTokenTtlEcho = omit;
    return this;
  }

  /** The credentials document is sent one byte every {@code perByte} (ZERO: at once): a slow drip. */
  public synchronized ImdsEmulator dripCredentials(Duration perByte) {
    this.credentialsDrip = perByte;
    return this;
  }

  /**
   * For each credentials document dripped so far, in order: how many of its bytes were written before it ended or
   * the client went away (a write or two more may succeed after the client closed, before its reset arrives).
   */
  public synchronized List<Integer> drippedBytes() {
    return List.copyOf(drippedBytes);
  }

  /** IMDS forgets every token it issued (a restart, or a token revoked mid-life): they get 401 from now on. */
  public ImdsEmulator revokeTokens() {
    tokenExpiries.clear();
    return this;
  }

  /** The credentials document is cut off mid-way while on. */
  public synchronized ImdsEmulator malformedCredentials(boolean malformed) {
    this.malformedCredentials = malformed;
    return this;
  }

  /**
   * While on, the role path serves one fresh set of credentials whose {@code Expiration} passed a minute ago
   * and does not rotate: what IMDS does during an AWS-side outage. Off returns to the rotation schedule.
   */
  public synchronized ImdsEmulator expiredCredentials(boolean expired) {
    if (!expired) {
      expiredCredentials = null;
    } else if (expiredCredentials == null) {
      Instant expiration = clock.instant().minus(Duration.ofMinutes(1));
      expiredCredentials = IssuedCredentials.generate(random, expiration.minus(credentialLifetime), expiration);
    }
    return this;
  }

  /** The listing names {@code newRole} from now on, with new credentials; the old role's path answers 404. */
  public synchronized ImdsEmulator swapRole(String newRole) {
    this.role = newRole;
    this.schedule = new CredentialSchedule(random, clock.instant(), credentialLifetime, rotationLead);
    return this;
  }

  /** Stops listening and drops hung or delayed requests; returns promptly. */
  @Override
  public void close() {
    List<HttpServer> stopping;
    CountDownLatch released;
    synchronized (this) {
      closed = true;
      released = tokenPutRelease;
      tokenPutRelease = null;
      if (everythingRelease != null) {
        everythingRelease.countDown();
        everythingRelease = null;
      }
      stopping = new ArrayList<>(servers);
    }
    if (released != null) {
      released.countDown();
    }
    stopping.forEach(server -> server.stop(0));
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      Instant arrival = clock.instant();
      Headers headers = exchange.getRequestHeaders();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String token = headers.getFirst(TOKEN_HEADER);
      boolean tokenValid = token != null && tokenValid(token, arrival);
      boolean tokenPut = "PUT".equals(method) && TOKEN_PATH.equals(path);
      Duration delay;
      CountDownLatch hang;
      Answer answer = null;
      synchronized (this) {
        delay = delayFor(path);
        hang = everythingRelease != null ? everythingRelease : tokenPut ? tokenPutRelease : null;
        if (hang == null) {
          answer = injectedFailure(path);
          if (answer == null) {
            answer = answer(method, path, token, tokenValid, headers, arrival);
          }
        }
      }
      Thread.sleep(delay.toMillis());
      RecordedRequest request = new RecordedRequest(arrival, method, path, token != null, tokenValid,
          headers.getFirst(TOKEN_TTL_HEADER),
          FORWARDING_HEADERS.stream().filter(headers::containsKey).collect(Collectors.toList()),
          headers.getFirst("User-Agent"),
          answer == null ? 0 : answer.status, answer == null ? null : answer.servedAccessKeyId);
      // Recorded before answering, so a test that has its response also finds the request in the log.
      record(request);
      if (hang != null) {
        hang.await();
        return;
      }
      send(exchange, answer, answer.servedAccessKeyId == null ? Duration.ZERO : dripFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private Answer answer(String method, String path, String token, boolean tokenValid, Headers headers,
      Instant now) {
    if (TOKEN_PATH.equals(path)) {
      if (!"PUT".equals(method)) {
        return Answer.error(405);
      }
      // IMDSv2 refuses token requests that went through a forwarding proxy.
      if (headers.containsKey("X-Forwarded-For")) {
        return Answer.error(403);
      }
      Integer ttl = tokenTtlSeconds(headers.getFirst(TOKEN_TTL_HEADER));
      if (ttl == null) {
        return Answer.error(400);
      }
      return new Answer(200, "text/plain", issueToken(now, ttl),
          omitTokenTtlEcho ? Map.of() : Map.of(TOKEN_TTL_HEADER, ttl.toString()), null);
    }
    if (!"GET".equals(method)) {
      return Answer.error(405);
    }
    // A bad token is refused even where IMDSv1 is allowed.
    if (token != null ? !tokenValid : mode == Mode.REQUIRED) {
      return Answer.error(401);
    }
    return metadata(path, now);
  }

  private Answer metadata(String path, Instant now) {
    switch (path) {
      case "/latest":
      case "/latest/":
        return Answer.text("dynamic\nmeta-data");
      case "/latest/meta-data":
      case "/latest/meta-data/":
        return Answer.text("iam/\ninstance-id\nplacement/");
      case "/latest/meta-data/iam":
      case "/latest/meta-data/iam/":
        return role == null ? Answer.error(404) : Answer.text("info\nsecurity-credentials/");
      case "/latest/meta-data/iam/info":
        return role == null ? Answer.error(404) : Answer.text(
            MetadataDocuments.instanceProfileInfo(schedule.at(now).lastUpdated(), instanceProfileArn,
                instanceProfileId));
      case "/latest/meta-data/iam/security-credentials":
      case CREDENTIALS_PATH:
        return role == null ? Answer.error(404) : Answer.text(roleListing != null ? roleListing : role);
      case "/latest/meta-data/instance-id":
        return Answer.text(instanceId);
      case "/latest/meta-data/placement":
      case "/latest/meta-data/placement/":
        return Answer.text("availability-zone\nregion");
      case "/latest/meta-data/placement/region":
        return Answer.text(region);
      case "/latest/meta-data/placement/availability-zone":
        return Answer.text(availabilityZone);
      case "/latest/dynamic":
      case "/latest/dynamic/":
        return Answer.text("instance-identity/");
      case "/latest/dynamic/instance-identity":
      case "/latest/dynamic/instance-identity/":
        return Answer.text("document");
      case "/latest/dynamic/instance-identity/document":
        return Answer.text(
            MetadataDocuments.identityDocument(account, region, availabilityZone, instanceId, launchTime));
      default:
        if (role != null && path.equals(CREDENTIALS_PATH + role)) {
          IssuedCredentials credentials = expiredCredentials != null ? expiredCredentials : schedule.at(now);
          String body = malformedCredentials
              ? MetadataDocuments.malformedCredentials(credentials)
              : MetadataDocuments.credentials(credentials);
          if (credentialsRewrite != null) {
            body = credentialsRewrite.apply(body);
          }
          return new Answer(200, "text/plain", body, Map.of(), credentials.accessKeyId());
        }
        return Answer.error(404);
    }
  }

  private static Integer tokenTtlSeconds(String header) {
    if (header == null || !header.trim().matches("[0-9]{1,6}")) {
      return null;
    }
    int seconds = Integer.parseInt(header.trim());
    return seconds >= 1 && seconds <= MAX_TOKEN_TTL_SECONDS ? seconds : null;
  }

  private String issueToken(Instant now, int ttlSeconds) {
    tokenExpiries.values().removeIf(expiry -> !expiry.isAfter(now));
    byte[] bytes = new byte[42];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tokenExpiries.put(token, now.plusSeconds(ttlSeconds));
    return token;
  }

  private boolean tokenValid(String token, Instant now) {
    Instant expiry = tokenExpiries.get(token);
    return expiry != null && now.isBefore(expiry);
  }

  private Duration delayFor(String path) {
    String longest = null;
    for (String prefix : delays.keySet()) {
      if (path.startsWith(prefix) && (longest == null || prefix.length() > longest.length())) {
        longest = prefix;
      }
    }
    return longest == null ? Duration.ZERO : delays.get(longest);
  }

  private Answer injectedFailure(String path) {
    for (Iterator<InjectedFailure> it = failures.iterator(); it.hasNext(); ) {
      InjectedFailure failure = it.next();
      if (path.startsWith(failure.pathPrefix)) {
        if (--failure.remaining <= 0) {
          it.remove();
        }
        return Answer.error(failure.status);
      }
    }
    return null;
  }

  private synchronized void record(RecordedRequest request) {
    requests.add(request);
    if (requestLogFile != null) {
      try {
        Files.writeString(requestLogFile, request.toJson() + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("imds-harness: cannot append to request log " + requestLogFile, e);
      }
    }
  }

  private synchronized Duration dripFor() {
    return credentialsDrip;
  }

  private void send(HttpExchange exchange, Answer answer, Duration drip)
      throws IOException, InterruptedException {
    byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", answer.contentType);
    headers.set("Server", "EC2ws");
    answer.headers.forEach(headers::set);
    exchange.sendResponseHeaders(answer.status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (drip.isZero()) {
        out.write(body);
        return;
      }
      int written = 0;
      try {
        for (byte b : body) {
          out.write(b);
          out.flush();
          written++;
          Thread.sleep(drip.toMillis());
        }
      } finally {
        synchronized (this) {
          drippedBytes.add(written);
        }
      }
    }
  }

  private static InetAddress literalAddress(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class InjectedFailure {
    final String pathPrefix;
    final int status;
    int remaining;

    InjectedFailure(String pathPrefix, int status, int remaining) {
      this.pathPrefix = pathPrefix;
      this.status = status;
      this.remaining = remaining;
    }
  }

  private record Answer(int status, String contentType, String body, Map<String, String> headers,
      String servedAccessKeyId) {

    static Answer text(String body) {
      return new Answer(200, "text/plain", body, Map.of(), null);
    }

    static Answer error(int status) {
      return new Answer(status, "text/html", MetadataDocuments.errorPage(status), Map.of(), null);
    }
  }

  /** Configuration; every setting has a default, so {@code builder().build()} is a working instance. */
  public static final class Builder {
    private Mode mode = Mode.REQUIRED;
    private String role = "imds-agent-test-role";
    private String instanceProfile;
    private String account = "123456789012";
    private String partition = "aws";
    private String region = "us-east-1";
    private String availabilityZone;
    private String instanceId = "i-0123456789abcdef0";
    private Duration credentialLifetime = Duration.ofHours(6);
    private Duration rotationLead = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();
    private Path requestLog;

    private Builder() {
    }

    /** Default REQUIRED. */
    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /** Default {@code imds-agent-test-role}; null: no instance profile attached (the IAM paths answer 404). */
    public Builder role(String role) {
      this.role = role;
      return this;
    }

    /** Default: the role name. */
    public Builder instanceProfile(String instanceProfile) {
      this.instanceProfile = instanceProfile;
      return this;
    }

    /** Default {@code 123456789012}. */
    public Builder account(String account) {
      this.account = account;
      return this;
    }

    /** Default {@code aws}. */
    public Builder partition(String partition) {
      this.partition = partition;
      return this;
    }

    /** Default {@code us-east-1}. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Default: the region + {@code a}. */
    public Builder availabilityZone(String availabilityZone) {
      this.availabilityZone = availabilityZone;
      return this;
    }

    /** Default {@code i-0123456789abcdef0}. */
    public Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    /** How long each set of credentials is valid; default 6 hours. */
    public Builder credentialLifetime(Duration credentialLifetime) {
      this.credentialLifetime = credentialLifetime;
      return this;
    }

    /** How long before the current set expires the next one is served; default 5 minutes. */
    public Builder rotationLead(Duration rotationLead) {
      this.rotationLead = rotationLead;
      return this;
    }

    /** Default the system clock; a {@link ManualClock} makes expiry and rotation testable without sleeping. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Also append each request as a JSON line to this file, one write per request. */
    public Builder requestLog(Path requestLog) {
      this.requestLog = requestLog;
      return this;
    }

    public ImdsEmulator build() {
      return new ImdsEmulator(this);
    }
  }
}
