package io.imdsagent.imds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One HTTP answer as an {@link HttpExchange} received it: status, header lines, body. {@link #toString()}
 * shows neither headers nor body (a token PUT's body is a token, a credentials document holds secrets).
 */
public final class HttpReply {
    private final int status;
    private final String reason;
    private final List<String> headers;
    private final byte[] body;

    HttpReply(int status, String reason, List<String> headers, byte[] body) {
        this.status = status;
        this.reason = reason;
        this.headers = Collections.unmodifiableList(new ArrayList<String>(headers));
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The reason phrase of the status line, possibly empty. */
    public String reason() {
        return reason;
    }

    /** Header lines, {@code Name: value}, as received. */
    public List<String> headers() {
        return headers;
    }

    /** The value of the first header {@code name} (any case), or null. */
    public String header(String name) {
        return HttpWire.header(headers, 0, name);
    }

    /** The body; the caller must not change it. */
    public byte[] body() {
        return body;
    }

    @Override
    public String toString() {
        return "HttpReply{status=" + status + ", bodyBytes=" + body.length + "}";
    }
}
