package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;

/**
 * One SDK class that the agent serves (a provider, or the fetcher or endpoint that stands for one), with
 * the SDK objects of its copy. While the cache hands out the same snapshot, every caller gets the same SDK
 * credentials object: this sits on the path of every signed request.
 */
public final class ServedClass {
    private final String name;
    private final SdkObjects objects;
    private volatile Converted last;

    ServedClass(String name, SdkObjects objects) {
        this.name = name;
        this.objects = objects;
    }

    /** The instrumented class's name, for log lines. */
    public String name() {
        return name;
    }

    /** The SDK's session credentials holding {@code credentials}. */
    public Object credentials(Credentials credentials) throws ReflectiveOperationException {
        Converted current = last;
        if (current != null && current.from == credentials) {
            return current.sdkCredentials;
        }
        Converted fresh = new Converted(credentials, objects.credentials(credentials));
        last = fresh;
        return fresh.sdkCredentials;
    }

    /** SDK v2's {@code RefreshResult} holding {@code credentials}; null for SDK v1, which has none. */
    public Object refreshResult(Credentials credentials, long nowMillis) throws ReflectiveOperationException {
        return objects.refreshResult(credentials(credentials), credentials, nowMillis);
    }

    /** The SDK's own client exception, message and cause from the agent's failure. */
    public RuntimeException failure(ImdsException cause) throws ReflectiveOperationException {
        return objects.failure(cause);
    }

    private static final class Converted {
        final Credentials from;
        final Object sdkCredentials;

        Converted(Credentials from, Object sdkCredentials) {
            this.from = from;
            this.sdkCredentials = sdkCredentials;
        }
    }
}
