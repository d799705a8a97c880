package io.imdsagent.imds;

import java.time.Instant;

/**
 * One set of instance-profile credentials as IMDS handed them out. Immutable; {@link #toString()}
 * names the access key id and expiry only, never the secret or the session token.
 */
public final class Credentials {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final long expirationMillis;
    private final long lastUpdatedMillis;

    public Credentials(String accessKeyId, String secretAccessKey, String sessionToken,
                       long expirationMillis, long lastUpdatedMillis) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.expirationMillis = expirationMillis;
        this.lastUpdatedMillis = lastUpdatedMillis;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    public String sessionToken() {
        return sessionToken;
    }

    /** Epoch milliseconds of IMDS's {@code Expiration}. */
    public long expirationMillis() {
        return expirationMillis;
    }

    /** Epoch milliseconds of IMDS's {@code LastUpdated}. */
    public long lastUpdatedMillis() {
        return lastUpdatedMillis;
    }

    /** Same keys as {@code other}: IMDS has not rotated yet. */
    public boolean sameKeysAs(Credentials other) {
        return other != null && accessKeyId.equals(other.accessKeyId)
                && secretAccessKey.equals(other.secretAccessKey) && sessionToken.equals(other.sessionToken);
    }

    @Override
    public String toString() {
        return "Credentials{accessKeyId=" + accessKeyId + ", expiration=" + Instant.ofEpochMilli(expirationMillis)
                + ", secretAccessKey=<redacted>, sessionToken=<redacted>}";
    }
}
