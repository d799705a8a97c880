package io.imdsagent.imds;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Runs the cache's background refreshes; passed in so rotation is tested without sleeping. */
public interface RefreshScheduler {

    void schedule(Runnable task, long delayMillis);

    /** One daemon thread, started on first use so that premain starts no thread. */
    final class DaemonThread implements RefreshScheduler {
        private ScheduledThreadPoolExecutor executor;

        @Override
        public synchronized void schedule(Runnable task, long delayMillis) {
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, new ThreadFactory() {
                    @Override
                    public Thread newThread(Runnable runnable) {
                        Thread thread = new Thread(runnable, "imds-agent-refresh");
                        thread.setDaemon(true);
                        return thread;
                    }
                });
                executor.setRemoveOnCancelPolicy(true);
            }
            executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }
}
