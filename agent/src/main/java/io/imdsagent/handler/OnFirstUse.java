package io.imdsagent.handler;

/**
 * Something built by the first call that needs it: the bridge's handler itself, at the first call through the
 * bridge, and each of its concerns: an application that never calls STS never builds the self-assume guard, and one
 * that opens no connection of its own before its first credentials does not wait for the connection guard to get
 * them. A build that fails is tried again by the next call.
 */
public abstract class OnFirstUse<T> {
    private volatile T built;

    protected abstract T build();

    public final T get() {
        T value = built;
        if (value == null) {
            synchronized (this) {
                value = built;
                if (value == null) {
                    value = build();
                    built = value;
                }
            }
        }
        return value;
    }
}
