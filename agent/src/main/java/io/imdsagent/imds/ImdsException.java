package io.imdsagent.imds;

import java.io.IOException;

/**
 * IMDS could not give the agent what it asked for. The message begins {@code imds-agent:}, says what
 * happened and what to do, and never quotes a secret: it is shown to users and applications as is.
 */
public class ImdsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the call failed, so callers (the cache, {@code check}) can decide how long to back off and what to tell the user. */
    public enum Kind {
        /** Nothing answered: connection refused or timed out (not on EC2, or the hop limit is too low). */
        UNREACHABLE,
        /** IMDS answered, but not with what the agent needs (4xx, 5xx after retries, malformed body). */
        BAD_ANSWER,
        /** IMDS refused the token (401 after a re-mint, or 400/403 on the token PUT). */
        TOKEN_REFUSED
    }

    private final Kind kind;

    public ImdsException(Kind kind, String message, Throwable cause) {
        super(message.startsWith("imds-agent:") ? message : "imds-agent: " + message, cause);
        this.kind = kind;
    }

    public ImdsException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
