package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.EventSink;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.imds.RefreshScheduler;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testing.NoCredentialEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bounded-time fuzz of what IMDS answers: status lines, headers, JSON, bodies up to megabytes, slow drip,
 * connection resets and silence, from a raw socket that answers each request with a seeded random mutation.
 * Through the agent's IMDSv2 core and cache, and through the IMDSv1 upgrade path: nothing but the agent's
 * own {@link ImdsException} (or the gate's decision) ever comes out, every message begins {@code imds-agent:}
 * and is short and printable, no call waits longer than {@code timeout} x {@code attempts}, and memory stays
 * bounded.
 */
class ImdsResponseFuzzTest {
    private static final long RUN_MILLIS = Long.getLong("imds.fuzz.millis", 20_000);
    // Fixed, so that the build is repeatable; explore with -Dimds.fuzz.seed=N (a failure prints its seed).
    private static final long SEED = Long.getLong("imds.fuzz.seed", 20261201L);
    private static final long TIMEOUT_MILLIS = 200;
    private static final int ATTEMPTS = 2;
    private static final String ROLE = "fuzz-role";
    private static final String GOOD_CREDENTIALS = "{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"2026-12-01T00:00:00Z\","
            + "\n  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \"ASIAFUZZFUZZFUZZFUZZ\",\n  \"SecretAccessKey\" :"
            + " \"fuzzsecretfuzzsecretfuzzsecretfuzzsecre\",\n  \"Token\" : \"fuzztokenfuzztoken\",\n"
            + "  \"Expiration\" : \"2099-01-01T00:00:00Z\"\n}";

    private final Random random = new Random(SEED);
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final ExecutorService connections = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fuzz-imds");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket server;
    private volatile Fuzz fuzz;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    @Test
    void nothingImdsAnswersThrowsIntoTheHostOrHoldsACallerOrMemory() throws Exception {
        long usedBefore = usedHeapAfterGc();
        long end = System.currentTimeMillis() + RUN_MILLIS;
        int rounds = 0;
        while (System.currentTimeMillis() < end) {
            fuzz = new Fuzz(random.nextLong());
            AgentConfig config = AgentConfig.load("endpoint=http://127.0.0.1:" + server.getLocalPort() + ",timeout="
                    + TIMEOUT_MILLIS + "ms,attempts=" + ATTEMPTS, Map.of(), Map.of());
            ImdsCore core = ImdsCore.create(config, new Redactor());
            // No background retries: each round is one fresh JVM's first call, and nothing outlives its round.
            RefreshScheduler none = (task, delayMillis) -> { };
            CredentialCache cache = new CredentialCache(core.profile(), 15 * 60_000, java.time.Clock.systemUTC(), none, none,
                    random, new NoCredentialEvents());
            ImdsV1Gate gate = new ImdsV1Gate(ImdsV1Mode.UPGRADE, new ImdsAddresses("127.0.0.1", server.getLocalPort()),
                    new ImdsV2Answers(() -> core, () -> cache), new CallerFinder(),
                    new CallSiteEvents(EventSink.OFF, new CapturedLog().log(), java.time.Clock.systemUTC()));
            switch (rounds % 3) {
                case 0:
                    bounded("cache", () -> cache.get());
                    break;
                case 1:
                    bounded("upgrade credentials", () -> decide(gate, "/latest/meta-data/iam/security-credentials/" + ROLE));
                    break;
                default:
                    bounded("upgrade other path", () -> decide(gate, "/latest/meta-data/instance-id"));
            }
            rounds++;
        }
        long grown = usedHeapAfterGc() - usedBefore;
        System.out.printf("fuzz: seed %d, %d rounds in %d ms, heap grown %d KiB, outcomes %s%n", SEED, rounds, RUN_MILLIS,
                grown / 1024, outcomes);
        assertTrue(rounds > 50, "only " + rounds + " rounds");
        assertTrue(grown < 64L * 1024 * 1024, "heap grew by " + grown / 1024 + " KiB");
    }

    private static Object decide(ImdsV1Gate gate, String path) throws IOException {
        ImdsV1Decision decision = gate.decide(new ImdsRequest("FuzzClient", "GET", "http", "169.254.169.254", -1, path,
                false));
        if (decision.refusal() != null) {
            throw decision.refusal();
        }
        return decision.answer();
    }

    /** Runs one call: it returns or throws an agent error, in bounded time; anything else fails the test. */
    private void bounded(String what, Call call) {
        long started = System.nanoTime();
        String outcome;
        try {
            call.run();
            outcome = what + " answered";
        } catch (ImdsException e) {
            assertClear(what, e.getMessage());
            outcome = what + " " + e.kind();
        } catch (IOException e) {
            assertClear(what, e.getMessage());
            outcome = what + " refused";
        } catch (Throwable e) {
            fail(what + " threw " + e + " on " + fuzz + " (seed " + SEED + ")", e);
            return;
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        // A call sends up to four requests (token, listing, credentials, the path asked), each bounded by timeout x
        // attempts (1.6 s here in all); the rest is slack for a shared machine under load. What this catches is a
        // wait IMDS controls: a drip of this fuzz's documents alone would take 30 s. The fault matrix holds the
        // tight per-row bounds.
        assertTrue(took < 8_000, what + " took " + took + " ms on " + fuzz + " (seed " + SEED + ")");
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private void assertClear(String what, String message) {
        assertTrue(message != null && message.startsWith("imds-agent: "), what + ": " + message + " on " + fuzz);
        assertTrue(message.length() < 600, what + ": a message of " + message.length() + " characters on " + fuzz);
        for (char c : message.toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7f, what + ": unprintable character " + (int) c + " in " + message);
        }
        assertTrue(!message.contains("fuzzsecret") && !message.contains("fuzztoken"), what + " leaked: " + message);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Fuzz current = fuzz;
                connections.execute(() -> answer(socket, current));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void answer(Socket socket, Fuzz fuzz) {
        try (Socket s = socket) {
            String request = readRequestHead(s.getInputStream());
            fuzz.answer(request, s);
        } catch (IOException | InterruptedException | RuntimeException dropped) {
            // The client gave up (timeout) or the fuzz reset the connection.
        }
    }

    private static String readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && head.size() < 16_384) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private interface Call {
        Object run() throws Exception;
    }

    /**
     * One round's misbehaviour: which of the three requests (token PUT, listing, credentials) is fuzzed, and how;
     * the others are answered as IMDS would, so the fuzz reaches every parser.
     */
    private static final class Fuzz {
        private static final String[] KINDS = {"status-line", "headers", "content-length", "chunked", "json",
            "huge-body", "drip", "reset", "close", "silence", "binary"};
        private final long seed;
        private final int target;
        private final String kind;

        Fuzz(long seed) {
            this.seed = seed;
            Random choose = new Random(seed);
            this.target = choose.nextInt(3);
            this.kind = KINDS[choose.nextInt(KINDS.length)];
        }

        void answer(String request, Socket socket) throws IOException, InterruptedException {
            int which = request.startsWith("PUT ") ? 0 : request.contains("/security-credentials/" + ROLE) ? 2
                    : request.contains("/security-credentials/") ? 1 : 3;
            OutputStream out = socket.getOutputStream();
            if (which != target && which != 3) {
                String body = which == 0 ? "fuzz-imds-token" : which == 1 ? ROLE : GOOD_CREDENTIALS;
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                        + (which == 0 ? "X-aws-ec2-metadata-token-ttl-seconds: 21600\r\n" : "")
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
                return;
            }
            Random r = new Random(seed ^ request.hashCode());
            String good = which == 0 ? "fuzz-imds-token" : which == 1 ? ROLE : which == 2 ? GOOD_CREDENTIALS : "i-0fuzz";
            switch (kind) {
                case "status-line":
                    write(out, pick(r, "HTTP/1.1 " + (r.nextInt(1200) - 100) + " Whatever", "HTTP/1.1 200", "HTTP/9.9 200 OK",
                            "garbage", "", "HTTP/1.1 2OO OK", "HTTP/1.1 200 OK\u0000\u00ff", "ICY 200 OK")
                            + "\r\nContent-Length: " + good.length() + "\r\n\r\n" + good);
                    break;
                case "headers":
                    int header = r.nextInt(8);
                    String line = header == 0 ? "X-Long: " + repeat('a', r.nextInt(2_000_000))
                            : header == 1 ? repeat("X-Many: 1\r\n", 20_000) + "X-Last: 1"
                            : pick(r, "X-aws-ec2-metadata-token-ttl-seconds: -1",
                                    "X-aws-ec2-metadata-token-ttl-seconds: 99999999999999999999",
                                    "X-aws-ec2-metadata-token-ttl-seconds: abc", "no colon here",
                                    "Location: http://169.254.169.254/", "Content-Type: application/json; charset=EBCDIC");
                    write(out, "HTTP/1.1 200 OK\r\n" + line + "\r\nContent-Length: " + good.length() + "\r\n\r\n" + good);
                    break;
                case "content-length":
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + pick(r, "-5", "abc", "99999999999999999999",
                            String.valueOf(good.length() + 100), "1\r\nContent-Length: 7", "0") + "\r\n\r\n" + good);
                    break;
                case "chunked":
                    write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + pick(r, "zz\r\n" + good,
                            Integer.toHexString(good.length() + 50) + "\r\n" + good + "\r\n0\r\n\r\n",
                            "7fffffffffffffff\r\n" + good, "-1\r\n" + good, Integer.toHexString(good.length()) + "\r\n"
                            + good + "\r\n"));
                    break;
                case "json":
                    write(out, ok(mutate(r, GOOD_CREDENTIALS)));
                    break;
                case "huge-body":
                    int size = 64 * 1024 + r.nextInt(4 * 1024 * 1024);
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
                    byte[] chunk = repeat('[', 8192).getBytes(StandardCharsets.US_ASCII);
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, size - sent));
                    }
                    break;
                case "drip":
                    byte[] dripped = ok(good).getBytes(StandardCharsets.UTF_8);
                    for (byte b : dripped) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(20);
                    }
                    break;
                case "reset":
                    socket.setSoLinger(true, 0);
                    if (r.nextBoolean()) {
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + good.length() + "\r\n\r\n"
                                + good.substring(0, good.length() / 2));
                    }
                    break;
                case "close":
                    if (r.nextBoolean()) {
                        write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + good.length() + "\r\n\r\n"
                                + good.substring(0, good.length() / 2));
                    }
                    break;
                case "silence":
                    Thread.sleep(TIMEOUT_MILLIS * 3);
                    break;
                default:
                    byte[] noise = new byte[r.nextInt(100_000)];
                    r.nextBytes(noise);
                    out.write(noise);
            }
            out.flush();
        }

        private static String ok(String body) {
            return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        }

        /** A random edit of a valid document: a type swapped, a value made huge or deep, a cut, a stray byte. */
        private static String mutate(Random r, String document) {
            switch (r.nextInt(8)) {
                case 0:
                    return document.substring(0, r.nextInt(document.length()));
                case 1:
                    return document.replace("\"2099-01-01T00:00:00Z\"", r.nextInt(9) == 0 ? "\"" + repeat('9', 100_000) + "\""
                            : pick(r, "null", "[]", "{}", "12", "\"\"", "\"2099-13-45T99:99:99Z\"", "\"tomorrow\""));
                case 2:
                    return repeat('[', 100_000) + repeat(']', 100_000);
                case 3:
                    return document.replace("\"Success\"", pick(r, "\"\u0000\"", "true", "\"" + repeat('x', 50_000)
                            + "\"", "\"Fail\\u0000ure\\n\\u001b[31m\""));
                case 4:
                    return "{\"Code\":\"Success\",\"n\":" + repeat('1', 500_000) + "}";
                case 5:
                    StringBuilder edited = new StringBuilder(document);
                    for (int i = 0; i < 1 + r.nextInt(10); i++) {
                        edited.setCharAt(r.nextInt(edited.length()), (char) r.nextInt(0x3000));
                    }
                    return edited.toString();
                case 6:
                    return "\ufeff" + document;
                default:
                    return document + document;
            }
        }

        private static void write(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        private static String pick(Random r, String... choices) {
            return choices[r.nextInt(choices.length)];
        }

        private static String repeat(char c, int n) {
            char[] chars = new char[n];
            java.util.Arrays.fill(chars, c);
            return new String(chars);
        }

        private static String repeat(String s, int n) {
            StringBuilder out = new StringBuilder(s.length() * n);
            for (int i = 0; i < n; i++) {
                out.append(s);
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return "fuzz " + kind + " of request " + target + " (round seed " + seed + ")";
        }
    }
}
