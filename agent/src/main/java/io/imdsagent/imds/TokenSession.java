package io.imdsagent.imds;

import io.imdsagent.metrics.AgentCounter;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's IMDSv2 session: mints a token with {@code PUT /latest/api/token}, reuses it until
 * shortly before its TTL ends, and sends every GET with it. The agent never falls back to a
 * token-less request: that is exactly what this project exists to remove.
 */
public final class TokenSession {
    public static final String TOKEN_PATH = "/latest/api/token";
    public static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    public static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    /** Renew this long before the TTL ends, so a token never expires between use and arrival. */
    private static final long MAX_RENEW_MARGIN_MILLIS = 60_000;

    private final ImdsTransport transport;
    private final int ttlSeconds;
    private final Clock clock;
    private final ReentrantLock mintLock = new ReentrantLock();
    private volatile Token token;

    public TokenSession(ImdsTransport transport, int ttlSeconds, Clock clock) {
        this.transport = transport;
        this.ttlSeconds = ttlSeconds;
        this.clock = clock;
    }

    /**
     * GETs {@code path} with the session token. A 401 means IMDS no longer knows the token (it
     * expired early, or IMDS restarted): the session mints a new one once and retries once. All of it, and any
     * wait for another thread's mint, ends by {@code deadline}.
     */
    public ImdsResponse get(String path, Deadline deadline) throws ImdsException {
        Token used = currentToken(deadline);
        ImdsResponse response = send("GET", path, TOKEN_HEADER, used.value, deadline);
        if (response.status() != 401) {
            return response;
        }
        deadline.acquire(mintLock, "the IMDSv2 token");
        try {
            if (token == used) {
                token = null;
            }
        } finally {
            mintLock.unlock();
        }
        response = send("GET", path, TOKEN_HEADER, currentToken(deadline).value, deadline);
        if (response.status() == 401) {
            throw new ImdsException(ImdsException.Kind.TOKEN_REFUSED, "IMDS answered 401 to GET " + path
                    + " with a freshly minted token; IMDSv2 is required but the token is refused."
                    + " Check that nothing between this JVM and IMDS rewrites requests.");
        }
        return response;
    }

    /** Whether the session holds a live token (for {@code check}). */
    public boolean hasToken() {
        Token current = token;
        return current != null && clock.millis() < current.renewAt;
    }

    private Token currentToken(Deadline deadline) throws ImdsException {
        Token current = token;
        if (current != null && clock.millis() < current.renewAt) {
            return current;
        }
        deadline.acquire(mintLock, "the IMDSv2 token");
        try {
            current = token;
            if (current == null || clock.millis() >= current.renewAt) {
                current = mint(deadline);
                token = current;
            }
            return current;
        } finally {
            mintLock.unlock();
        }
    }

    private Token mint(Deadline deadline) throws ImdsException {
        long sentAt = clock.millis();
        AgentCounter.TOKEN_REQUESTS.increment();
        ImdsResponse response;
        try {
            response = transport.send("PUT", TOKEN_PATH, TTL_HEADER, Integer.toString(ttlSeconds), deadline);
        } catch (java.net.SocketTimeoutException e) {
            throw new ImdsException(ImdsException.Kind.UNREACHABLE, "the IMDSv2 token request (PUT "
                    + TOKEN_PATH + ") timed out. Off EC2 nothing answers; on EC2 in a container the"
                    + " instance's metadata hop limit is likely too low: set HttpPutResponseHopLimit to 2.", e);
        } catch (IOException e) {
            throw failure("PUT " + TOKEN_PATH, e);
        }
        int status = response.status();
        if (status == 200 && !response.body().isEmpty()) {
            long ttlMillis = echoedTtlSeconds(response) * 1000L;
            long margin = Math.min(MAX_RENEW_MARGIN_MILLIS, ttlMillis / 10);
            return new Token(response.body().trim(), sentAt + ttlMillis - margin);
        }
        if (status == 400) {
            throw new ImdsException(ImdsException.Kind.TOKEN_REFUSED, "IMDS refused the token request (400)"
                    + " with TTL " + ttlSeconds + "s; the TTL must be 1 to 21600 seconds (option token-ttl).");
        }
        if (status == 403) {
            throw new ImdsException(ImdsException.Kind.TOKEN_REFUSED, "IMDS forbade the token request (403):"
                    + " IMDS is disabled on this instance, or the request passed through a proxy.");
        }
        throw new ImdsException(ImdsException.Kind.BAD_ANSWER, "IMDS answered " + status
                + " to the token request (PUT " + TOKEN_PATH + "); expected 200 with a token.");
    }

    private long echoedTtlSeconds(ImdsResponse response) {
        String echoed = response.tokenTtlHeader();
        if (echoed != null) {
            try {
                long parsed = Long.parseLong(echoed.trim());
                if (parsed > 0 && parsed <= ttlSeconds) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // IMDS always echoes a number; if not, the TTL we asked for is the safe bound.
            }
        }
        return ttlSeconds;
    }

    private ImdsResponse send(String method, String path, String header, String value, Deadline deadline)
            throws ImdsException {
        try {
            return transport.send(method, path, header, value, deadline);
        } catch (IOException e) {
            throw failure(method + " " + path, e);
        }
    }

    static ImdsException failure(String request, IOException e) {
        if (e instanceof ImdsException) {
            return (ImdsException) e;
        }
        if (RetryingTransport.isUnreachable(e)) {
            return new ImdsException(ImdsException.Kind.UNREACHABLE, "IMDS did not answer " + request + " ("
                    + e.getClass().getSimpleName() + "). Off EC2 this is expected; on EC2 check that the"
                    + " metadata service is enabled and that option endpoint is right.", e);
        }
        return new ImdsException(ImdsException.Kind.BAD_ANSWER, "request " + request + " to IMDS failed: "
                + printable(e.getMessage()), e);
    }

    /**
     * A transport's reason as one short printable line: it may quote what the server sent (a garbled status
     * line), which goes into application exceptions and logs.
     */
    private static String printable(String reason) {
        String text = String.valueOf(reason);
        if (text.startsWith("imds-agent: ")) {
            text = text.substring("imds-agent: ".length());
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 160));
        for (int i = 0; i < text.length() && out.length() < 160; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static final class Token {
        final String value;
        final long renewAt;

        Token(String value, long renewAt) {
            this.value = value;
            this.renewAt = renewAt;
        }
    }
}
