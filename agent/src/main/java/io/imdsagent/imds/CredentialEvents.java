package io.imdsagent.imds;

/** What the cache tells the outside world; the agent turns these into log lines and events. */
public interface CredentialEvents {

    /** IMDS handed out credentials with new keys. */
    void refreshed(Credentials credentials);

    /** IMDS handed out credentials already past their Expiration; they are served until {@code servedUntilMillis}. */
    void expiredServed(Credentials credentials, long servedUntilMillis);

    /** A fetch failed; {@code retryInMillis} says when the cache asks again. */
    void imdsError(ImdsException error, long retryInMillis);
}
