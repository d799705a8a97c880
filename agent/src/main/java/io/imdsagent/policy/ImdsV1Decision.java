package io.imdsagent.policy;

import java.io.IOException;

/**
 * What a client adapter does with one request: send it as it is, hand the application an answer, or fail
 * the call with an {@link IOException} whose message begins {@code imds-agent:}. Immutable.
 */
public final class ImdsV1Decision {
    /** Send the request untouched. */
    public static final ImdsV1Decision PASS = new ImdsV1Decision(null, null);

    private final ImdsAnswer answer;
    private final IOException refusal;

    private ImdsV1Decision(ImdsAnswer answer, IOException refusal) {
        this.answer = answer;
        this.refusal = refusal;
    }

    static ImdsV1Decision serve(ImdsAnswer answer) {
        return new ImdsV1Decision(answer, null);
    }

    static ImdsV1Decision refuse(IOException refusal) {
        return new ImdsV1Decision(null, refusal);
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

    @Override
    public String toString() {
        return passes() ? "pass" : answer != null ? "serve " + answer : "refuse: " + refusal.getMessage();
    }
}
