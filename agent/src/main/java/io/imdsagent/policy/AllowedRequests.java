package io.imdsagent.policy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token-less requests that a client's own hook let through under {@code imdsv1=allow} (and reported), on their
 * way to the relay that sees their connection: the relay takes them back one for one, so each request is
 * reported once. Kept by method and path for a few seconds, for a bounded number of paths.
 */
final class AllowedRequests {
    static final long WINDOW_NANOS = 10_000_000_000L;
    static final int MAX_PATHS = 256;

    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<String, Pending>();

    /** Notes a request a client's hook let through; always true (reported there). */
    boolean add(ImdsRequest request) {
        if (pending.size() >= MAX_PATHS) {
            pending.clear();
        }
        Pending created = new Pending();
        Pending existing = pending.putIfAbsent(key(request), created);
        Pending entry = existing == null ? created : existing;
        synchronized (entry) {
            entry.count++;
            entry.addedAt = System.nanoTime();
        }
        return true;
    }

    /** Whether a relayed request was let through by a client's hook a moment ago (then it is taken). */
    boolean take(ImdsRequest request) {
        Pending entry = pending.get(key(request));
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (entry.count == 0 || System.nanoTime() - entry.addedAt > WINDOW_NANOS) {
                entry.count = 0;
                return false;
            }
            entry.count--;
            return true;
        }
    }

    private static String key(ImdsRequest request) {
        return request.method() + " " + request.path();
    }

    /** Requests of one method and path not taken yet; guarded by itself. */
    private static final class Pending {
        int count;
        long addedAt;
    }
}
