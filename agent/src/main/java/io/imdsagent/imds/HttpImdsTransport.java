package io.imdsagent.imds;

import io.imdsagent.metrics.AgentCounter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The agent's only way to IMDS: the JDK's HTTP stack, never through a proxy (IMDS answers must not
 * leak to one), adding no forwarding headers, with a per-request timeout and a bounded body.
 */
public final class HttpImdsTransport implements ImdsTransport {
    /** Credential documents are about 1.5 KiB; anything near this size is not IMDS talking. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final String baseUrl;
    private final int timeoutMillis;

    public HttpImdsTransport(String baseUrl, long timeoutMillis) {
        this.baseUrl = baseUrl;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
    }

    @Override
    public ImdsResponse send(String method, String path, String headerName, String headerValue) throws IOException {
        AgentCounter.IMDS_REQUESTS.increment();
        HttpURLConnection connection = (HttpURLConnection) new URL(baseUrl + path).openConnection(Proxy.NO_PROXY);
        try {
            connection.setRequestMethod(method);
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            if (headerName != null) {
                connection.setRequestProperty(headerName, headerValue);
            }
            if ("PUT".equals(method)) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(0);
                connection.getOutputStream().close();
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : readBounded(in, System.nanoTime() + timeoutMillis * 1_000_000L);
            return new ImdsResponse(status, body, connection.getHeaderField("X-aws-ec2-metadata-token-ttl-seconds"));
        } finally {
            connection.disconnect();
        }
    }

    /**
     * The read timeout bounds each read only; a body dripped a byte at a time would hold the caller for as
     * long as IMDS likes. {@code deadline} ({@link System#nanoTime()}) bounds the whole body.
     */
    private static String readBounded(InputStream in, long deadline) throws IOException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (System.nanoTime() - deadline > 0) {
                    throw new SocketTimeoutException("imds-agent: IMDS took longer than the timeout to send its"
                            + " answer's body");
                }
                if (out.size() + n > MAX_BODY_BYTES) {
                    throw new IOException("imds-agent: IMDS answer is larger than " + MAX_BODY_BYTES
                            + " bytes; refusing it (is the endpoint really IMDS?)");
                }
                out.write(buffer, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        } finally {
            in.close();
        }
    }
}
