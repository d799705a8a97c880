package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;

/**
 * Builds one AWS SDK copy's own objects from the agent's credentials, by reflection on the classes of
 * that copy (found beside the instrumented class, in its class loader), never on compile-time SDK types.
 */
abstract class SdkObjects {

    /** The SDK's session credentials object. */
    abstract Object credentials(Credentials credentials) throws ReflectiveOperationException;

    /** The SDK's client exception for a failure to get credentials, so credential chains move on as usual. */
    abstract RuntimeException failure(ImdsException cause) throws ReflectiveOperationException;

    /**
     * What SDK v2's private {@code refreshCredentials()} returns, holding {@code sdkCredentials}; null where
     * the SDK has no such method (v1).
     */
    abstract Object refreshResult(Object sdkCredentials, Credentials credentials, long nowMillis)
            throws ReflectiveOperationException;

    /** A class of the same SDK copy: {@code root} is what a relocating distribution put before the SDK's package. */
    static Class<?> sibling(String root, String sdkClassName, ClassLoader loader) throws ClassNotFoundException {
        return Class.forName(root + sdkClassName, false, loader);
    }
}
