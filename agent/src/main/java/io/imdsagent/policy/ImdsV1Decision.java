package io.imdsagent.policy;

import java.io.IOException;

/**
 * What a client adapter does with one request: send it as it is, hand the application an answer, or fail
 * the call with an {@link IOException} whose message begins {@code imds-agent:}. Immutable.
 */
public final class ImdsV1Decision {
    /** Send the request untouched. */
    public static final ImdsV1Decision PASS = new ImdsV1Decision(null, null, 0);

    private final ImdsAnswer answer;
    private final IOException refusal;
    private final int refusalStatus;

    private ImdsV1Decision(ImdsAnswer answer, IOException refusal, int refusalStatus) {
        this.answer = answer;
        this.refusal = refusal;
        this.refusalStatus = refusalStatus;
    }

    static ImdsV1Decision serve(ImdsAnswer answer) {
        return new ImdsV1Decision(answer, null, 0);
    }

    /** @param status the HTTP status that stands for the refusal where an answer is due instead of an exception */
    static ImdsV1Decision refuse(IOException refusal, int status) {
        return new ImdsV1Decision(null, refusal, status);
    }

    public boolean passes() {
        return answer == null && refusal == null;
    }

    /** The answer to hand the application, or null. */
    public ImdsAnswer answer() {
        return answer;
    }

    /** The failure to raise in the application's call, or null. */
    public IOException refusal() {
        return refusal;
    }

    /**
     * The HTTP status a relayed request gets for the refusal: 401 for IMDSv1 blocked (what IMDS itself answers a
     * token-less request once IMDSv2 is required), 403 for an SSRF refusal, 503 when IMDS could not be asked.
     */
    public int refusalStatus() {
        return refusalStatus;
    }

    @Override
    public String toString() {
        return passes() ? "pass" : answer != null ? "serve " + answer : "refuse: " + refusal.getMessage();
    }
}
