package io.imdsagent.bootstrap;

/**
 * The one class that instrumented code calls. It is appended to the bootstrap class path before any
 * class is transformed, so advice inlined into classes of any class loader resolves the same copy.
 * It knows only {@code java.*} types: the agent registers a {@link Handler} and the bridge forwards.
 *
 * <p>Every entry point is safe to call before the agent is ready (it answers "do nothing") and never
 * lets a failure of the agent escape into the host application.
 */
public final class Bridge {

    private static volatile Handler handler;

    private Bridge() {
    }

    /**
     * Registers the agent. The first registration wins; a second one (the agent attached twice to the
     * same JVM) is refused so that the JVM keeps exactly one credential cache.
     *
     * @return whether this handler is now the JVM's handler
     */
    public static synchronized boolean install(Handler newHandler) {
        if (handler != null) {
            return false;
        }
        handler = newHandler;
        return true;
    }

    public static boolean installed() {
        return handler != null;
    }

    /**
     * Answers an AWS SDK instance-profile credentials provider.
     *
     * @param provider the SDK provider (v1 or v2, possibly relocated inside another distribution)
     * @return the SDK's own credentials object; or a {@link RuntimeException} of the SDK's own type
     *     for the advice to throw; or {@code null} to let the SDK run its own code
     */
    public static Object instanceProfileCredentials(Object provider) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.instanceProfileCredentials(provider);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Answers the private {@code refreshCredentials()} of an AWS SDK v2 instance-profile provider, which
     * the SDK's own cache calls (a background prefetch started before a dynamic attach calls it directly).
     *
     * @param provider the SDK v2 provider
     * @return the SDK's {@code RefreshResult} holding the credentials; or a {@link RuntimeException} of the
     *     SDK's own type for the advice to throw; or {@code null} to let the SDK run its own code
     */
    public static Object instanceProfileRefreshResult(Object provider) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.instanceProfileRefreshResult(provider);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /** What the agent implements; methods are called only through the bridge's static entry points. */
    public abstract static class Handler {
        protected abstract Object instanceProfileCredentials(Object provider);

        protected abstract Object instanceProfileRefreshResult(Object provider);
    }
}
