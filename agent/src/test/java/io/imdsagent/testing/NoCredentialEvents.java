package io.imdsagent.testing;

import io.imdsagent.imds.CredentialEvents;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;

/** For a credential cache whose events a test does not look at. */
public final class NoCredentialEvents implements CredentialEvents {
    @Override
    public void refreshed(Credentials credentials) {
    }

    @Override
    public void expiredServed(Credentials credentials, long servedUntilMillis) {
    }

    @Override
    public void imdsError(ImdsException error, long retryInMillis) {
    }
}
