package io.imdsagent.policy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What IMDS answers a tokened request: status, reason phrase, the headers that matter (type and length)
 * and the body. The agent hands it to the application through the client's own API. Immutable;
 * {@link #toString()} never shows the body, which may hold credentials.
 */
public final class ImdsAnswer {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    public ImdsAnswer(int status, String body) {
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> map = new LinkedHashMap<String, String>();
        // IMDS sends metadata as text/plain and its error pages as text/html.
        map.put("Content-Type", status < 300 ? "text/plain" : "text/html");
        map.put("Content-Length", Integer.toString(this.body.length));
        this.headers = Collections.unmodifiableMap(map);
    }

    public int status() {
        return status;
    }

    /** The standard reason phrase of the status, as IMDS sends it. */
    public String reason() {
        switch (status) {
            case 200:
                return "OK";
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 429:
                return "Too Many Requests";
            case 500:
                return "Internal Server Error";
            case 503:
                return "Service Unavailable";
            default:
                return "";
        }
    }

    /** {@code Content-Type} and {@code Content-Length}, in that order. */
    public Map<String, String> headers() {
        return headers;
    }

    public String contentType() {
        return headers.get("Content-Type");
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "ImdsAnswer{status=" + status + ", bodyBytes=" + body.length + "}";
    }
}
