package io.imdsagent.testing.corpus;

import io.imdsagent.testapps.emulator.RecordedRequest;
import io.imdsagent.testapps.emulator.RequestLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one corpus run left (each row's result line, the emulator's request log, the stubs' log) and the
 * proof of each row's outcome: what reached IMDS and the stubs between the row's start and end, not only
 * what the app printed.
 */
public final class CorpusCheck {
    /** The emulator's answers to the paths the table uses, as it gives them to a tokened request. */
    private static final Map<String, String> IMDS_BODIES = Map.of(
            "/latest/meta-data/instance-id", "i-0123456789abcdef0",
            "/latest/meta-data/placement/availability-zone", "us-east-1a",
            "/latest/meta-data/iam/security-credentials/", "imds-agent-test-role");

    /** What {@code CorpusRows} sends as the User-Agent of each row's requests, before the row's id. */
    private static final String ROW_AGENT = "imds-corpus/";

    private final Map<String, Result> results;
    private final RequestLog imds;
    private final List<StubRequest> stubs;

    private CorpusCheck(Map<String, Result> results, RequestLog imds, List<StubRequest> stubs) {
        this.results = results;
        this.imds = imds;
        this.stubs = stubs;
    }

    /** Reads the run's files: every {@code *.out} of the client JVMs and the stubs' log. */
    public static CorpusCheck read(Path directory, RequestLog imds) throws IOException {
        Map<String, Result> results = new HashMap<>();
        try (var files = Files.list(directory)) {
            for (Path out : files.filter(file -> file.toString().endsWith(".out")).toList()) {
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    if (line.startsWith("ROW ")) {
                        String[] fields = line.split(" ", 6);
                        results.put(fields[1], new Result(Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                                fields[4].equals("OK"), fields[5]));
                    }
                }
            }
        }
        List<StubRequest> stubs = new ArrayList<>();
        for (String line : Files.readAllLines(directory.resolve(CorpusDriver.STUB_LOG), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 4);
            stubs.add(new StubRequest(fields[0], Long.parseLong(fields[1]), fields[2],
                    fields.length > 3 ? fields[3] : ""));
        }
        return new CorpusCheck(results, imds, stubs);
    }

    /** What the app printed for the row, or null when its JVM never got to it. */
    public Result result(CorpusRow row) {
        return results.get(row.id());
    }

    /** The {@code count} rows that took longest, slowest first, for the run's summary. */
    public List<String> slowest(int count) {
        return results.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().end() - b.getValue().start(),
                        a.getValue().end() - a.getValue().start()))
                .limit(count).map(entry -> entry.getKey() + " " + (entry.getValue().end() - entry.getValue().start())
                        + " ms").toList();
    }

    /** Empty when the row's outcome is proved; else what is wrong, with the evidence. */
    public Optional<String> failure(CorpusRow row) {
        Result result = results.get(row.id());
        if (result == null) {
            return Optional.of("the client JVM printed no result for this row (see its .err)");
        }
        List<RecordedRequest> atImds = imds.all().stream().filter(request -> belongs(row, result,
                request.userAgent(), request.time().toEpochMilli())).toList();
        List<RecordedRequest> tokenless = atImds.stream()
                .filter(request -> !request.hadToken() && !request.isTokenPut()).toList();
        List<RecordedRequest> toPath = atImds.stream().filter(request -> request.path().equals(row.targetPath()))
                .toList();
        List<StubRequest> atStubs = stubs.stream().filter(request -> belongs(row, result, request.userAgent(),
                request.millis())).toList();
        List<StubRequest> atProxy = atStubs.stream().filter(request -> request.stub().equals("proxy")).toList();
        List<StubRequest> atContainers = atStubs.stream().filter(request -> request.stub().startsWith("container"))
                .toList();
        String evidence = " | app: " + result + " | at IMDS: " + atImds + " | at stubs: " + atStubs;
        List<String> wrong = new ArrayList<>();
        if (row.expect() != CorpusRow.Outcome.PROXIED && !atProxy.isEmpty()) {
            wrong.add("the proxy stub got a request");
        }
        String body = IMDS_BODIES.get(row.targetPath());
        switch (row.expect()) {
            case UPGRADED -> {
                expect(wrong, result.answered(200, body), "the app did not get IMDS's answer " + body);
                expect(wrong, tokenless.isEmpty(), "a token-less request reached IMDS");
                expect(wrong, toPath.stream().anyMatch(RecordedRequest::tokenValid), "no tokened GET of "
                        + row.targetPath() + " reached IMDS");
            }
            case BLOCKED -> {
                boolean refusedByAgent = result.ok() ? result.status() == 401 && result.body().startsWith("imds-agent:")
                        : row.hookedDirect() ? result.text().contains("imds-agent:") : true;
                expect(wrong, refusedByAgent, row.hookedDirect() ? "no IOException beginning imds-agent:"
                        : "neither a failed call nor the agent's 401");
                expect(wrong, tokenless.isEmpty(), "a token-less request reached IMDS");
            }
            case ALLOWED -> {
                expect(wrong, result.answered(200, body), "the app did not get IMDS's answer " + body);
                expect(wrong, toPath.stream().anyMatch(request -> !request.hadToken()),
                        "no token-less GET of " + row.targetPath() + " reached IMDS untouched");
            }
            case TOKENED -> {
                expect(wrong, result.answered(200, body), "the app did not get IMDS's answer " + body);
                expect(wrong, tokenless.isEmpty(), "a token-less request reached IMDS");
                expect(wrong, toPath.stream().anyMatch(RecordedRequest::tokenValid),
                        "the tokened GET did not reach IMDS");
            }
            case REFUSED -> {
                String leaked = row.targetsContainer() ? CorpusDriver.CONTAINER_BODY : body;
                // (a tunnel, CONNECT, asks for no path: nothing to compare)
                expect(wrong, leaked == null || !result.text().contains(leaked), "the app got the target's answer");
                expect(wrong, row.targetsContainer() ? atContainers.isEmpty() : toPath.isEmpty(),
                        "the request reached its target");
                // through the proxy stub (which got nothing, see above): refused by the agent as it was written
                expect(wrong, !row.proxied() || result.text().contains("imds-agent:"),
                        "no refusal beginning imds-agent: reached the app");
            }
            case ORIGIN -> {
                expect(wrong, result.answered(200, "origin-ok"), "the origin's answer did not arrive");
                expect(wrong, atStubs.stream().anyMatch(request -> request.stub().equals("origin")),
                        "the origin stub got nothing");
                expect(wrong, tokenless.isEmpty(), "a token-less request reached IMDS");
            }
            case PROXIED -> {
                // Reactor Netty tunnels (CONNECT) and fails on the stub's 502; others show the 502.
                expect(wrong, !atProxy.isEmpty(), "the proxy stub got nothing");
                expect(wrong, atStubs.stream().noneMatch(request -> request.stub().equals("origin")),
                        "the origin was reached directly");
            }
            case CONTAINER -> {
                expect(wrong, result.answered(200, CorpusDriver.CONTAINER_BODY),
                        "the container stub's answer did not arrive");
                expect(wrong, !atContainers.isEmpty(), "the container stub got nothing");
            }
            case SERVED -> {
                expect(wrong, result.ok() && result.body().startsWith("AccessKeyId=ASIA"), "no credentials");
                expect(wrong, tokenless.isEmpty(), "a token-less request reached IMDS");
            }
            case UNRESOLVED -> {
                expect(wrong, !result.ok(), "the call did not fail");
                expect(wrong, atImds.isEmpty(), "a request reached IMDS");
            }
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong) + evidence);
    }

    /** A request is the row's when it names the row, or names none and arrived while the row ran. */
    private static boolean belongs(CorpusRow row, Result result, String userAgent, long millis) {
        if (userAgent != null && userAgent.startsWith(ROW_AGENT)) {
            return userAgent.substring(ROW_AGENT.length()).equals(row.id());
        }
        return result.covers(millis);
    }

    private static void expect(List<String> wrong, boolean holds, String otherwise) {
        if (!holds) {
            wrong.add(otherwise);
        }
    }

    /** One result line: its time window and what the app saw. */
    public record Result(long start, long end, boolean ok, String text) {
        boolean covers(long millis) {
            return millis >= start && millis <= end;
        }

        int status() {
            return Integer.parseInt(text.substring(0, text.indexOf(' ') < 0 ? text.length() : text.indexOf(' ')));
        }

        String body() {
            return text.indexOf(' ') < 0 ? "" : text.substring(text.indexOf(' ') + 1);
        }

        boolean answered(int status, String body) {
            return ok && status() == status && body().strip().equals(body);
        }

        @Override
        public String toString() {
            return (ok ? "OK " : "ERR ") + text;
        }
    }

    /** One request head a stub recorded. */
    record StubRequest(String stub, long millis, String requestLine, String headers) {
        /** The User-Agent header's value, or null. */
        String userAgent() {
            for (String header : headers.split(" \\| ")) {
                if (header.regionMatches(true, 0, "User-Agent:", 0, "User-Agent:".length())) {
                    return header.substring("User-Agent:".length()).strip();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return stub + ": " + requestLine + (headers.isEmpty() ? "" : " [" + headers + "]");
        }
    }
}
