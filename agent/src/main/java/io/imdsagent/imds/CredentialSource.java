package io.imdsagent.imds;

/** Where SDK hooks get instance credentials from: in the agent, the JVM's one {@link CredentialCache}. */
public interface CredentialSource {

    /**
     * Current credentials, never past their {@code Expiration} unless IMDS itself handed them out
     * already expired. Fast when cached: this sits on the path of every signed SDK request.
     *
     * @throws ImdsException when no usable credentials can be had now; the message says why
     */
    Credentials get() throws ImdsException;

    /**
     * As {@link #get()}, for a caller whose call into IMDS has begun already (an IMDSv1 request being
     * upgraded, an {@code sts:AssumeRole} check): should IMDS be asked, it waits at most until {@code deadline}.
     */
    default Credentials get(Deadline deadline) throws ImdsException {
        return get();
    }
}
