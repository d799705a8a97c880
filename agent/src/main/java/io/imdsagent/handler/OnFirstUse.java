package io.imdsagent.handler;

import java.util.function.Supplier;

/**
 * Something built by the first call that needs it: the bridge's handler itself, at the first call through the
 * bridge, and each of its concerns: an application that never calls STS never builds the self-assume guard, and one
 * that opens no connection of its own before its first credentials does not wait for the connection guard to get
 * them. A build that fails is tried again by the next call.
 */
public abstract class OnFirstUse<T> implements Supplier<T> {
    private volatile T built;

    /** One built already: what tests and fixed wiring hand over where a part is built at first use. */
    public static <T> OnFirstUse<T> of(final T value) {
        return new OnFirstUse<T>() {
            @Override
            protected T build() {
                return value;
            }
        };
    }

    protected abstract T build();

    @Override
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
