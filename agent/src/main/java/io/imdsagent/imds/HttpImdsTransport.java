package io.imdsagent.imds;

import io.imdsagent.metrics.AgentCounter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's only way to IMDS: HTTP/1.1 (TLS for an {@code https} endpoint) over its own {@link AgentSocket},
 * which the connection guard lets through and which never goes through a proxy (IMDS answers must not leak to
 * one), adding no forwarding headers, with a bounded body. Each request may take the smaller of {@code timeout} and
 * what is left of its caller's {@link Deadline}.
 */
public final class HttpImdsTransport implements ImdsTransport {
    /** Credential documents are about 1.5 KiB; anything near this size is not IMDS talking. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final InetSocketAddress destination;
    private final String hostHeader;
    private final String basePath;
    private final long timeoutMillis;
    private final boolean tls;

    /** @param baseUrl {@code http://host[:port][/base]}, as the {@code endpoint} option holds it */
    public HttpImdsTransport(String baseUrl, long timeoutMillis) {
        URI base = URI.create(baseUrl);
        String host = base.getHost();
        this.tls = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() >= 0 ? base.getPort() : tls ? 443 : 80;
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // Resolved when a request is sent, not now: premain does no DNS.
        this.destination = InetSocketAddress.createUnresolved(bare, port);
        this.hostHeader = host + (base.getPort() < 0 ? "" : ":" + port);
        String path = base.getRawPath();
        this.basePath = path == null || path.equals("/") ? "" : path;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public ImdsResponse send(String method, String path, String headerName, String headerValue, Deadline deadline)
            throws IOException {
        long limit = deadline.limit(timeoutMillis);
        if (limit <= 0) {
            throw new SocketTimeoutException("imds-agent: no time left to send " + method + " " + path
                    + " within timeout x attempts");
        }
        AgentCounter.IMDS_REQUESTS.increment();
        List<String> headers = new ArrayList<String>(3);
        headers.add("Host: " + hostHeader);
        headers.add("Accept: */*");
        if (headerName != null) {
            headers.add(headerName + ": " + headerValue);
        }
        HttpReply reply = new HttpExchange(limit, MAX_BODY_BYTES).send(destination,
                method + " " + basePath + path + " HTTP/1.1", headers, "PUT".equals(method) ? new byte[0] : null, tls);
        return new ImdsResponse(reply.status(), new String(reply.body(), StandardCharsets.UTF_8),
                reply.header("X-aws-ec2-metadata-token-ttl-seconds"));
    }
}
