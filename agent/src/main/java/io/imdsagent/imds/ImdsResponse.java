package io.imdsagent.imds;

/** One HTTP answer from IMDS: status, body (bounded by the transport) and the one header the agent reads. */
public final class ImdsResponse {
    private final int status;
    private final String body;
    private final String tokenTtlHeader;

    public ImdsResponse(int status, String body, String tokenTtlHeader) {
        this.status = status;
        this.body = body;
        this.tokenTtlHeader = tokenTtlHeader;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    /** {@code X-aws-ec2-metadata-token-ttl-seconds} as IMDS echoed it on a token PUT, or null. */
    public String tokenTtlHeader() {
        return tokenTtlHeader;
    }

    @Override
    public String toString() {
        // The body may hold credentials; only its size is ever shown.
        return "ImdsResponse{status=" + status + ", bodyChars=" + (body == null ? 0 : body.length()) + "}";
    }
}
