package io.imdsagent.imds;

import java.lang.reflect.Constructor;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Runs the cache's background tasks; passed in so rotation is tested without sleeping. */
public interface RefreshScheduler {

    void schedule(Runnable task, long delayMillis);

    /** One daemon thread, started on first use so that premain starts no thread. */
    final class DaemonThread implements RefreshScheduler {
        private final String threadName;
        private ScheduledThreadPoolExecutor executor;

        public DaemonThread(String threadName) {
            this.threadName = threadName;
        }

        @Override
        public synchronized void schedule(Runnable task, long delayMillis) {
            if (executor == null) {
                executor = new ScheduledThreadPoolExecutor(1, new ThreadFactory() {
                    @Override
                    public Thread newThread(Runnable runnable) {
                        return CleanThreads.newDaemon(runnable, threadName);
                    }
                });
                executor.setRemoveOnCancelPolicy(true);
            }
            executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Threads that owe nothing to the thread that happens to start them. The first credential call may come
     * from a web application's request thread; a thread that kept its context class loader, thread group,
     * access control context or inheritable thread-locals would pin that application across redeploys, and
     * die with its thread group when the server stops it.
     */
    final class CleanThreads {
        // Thread(ThreadGroup, Runnable, String, long, boolean inheritThreadLocals), JDK 9+; null on Java 8.
        private static final Constructor<Thread> WITHOUT_INHERITED_LOCALS = withoutInheritedLocals();

        private CleanThreads() {
        }

        public static Thread newDaemon(final Runnable task, final String name) {
            // Privileged, so the new thread's access control context is the agent's, not the caller's.
            return AccessController.doPrivileged(new PrivilegedAction<Thread>() {
                @Override
                public Thread run() {
                    Thread thread = create(rootGroup(), task, name);
                    thread.setDaemon(true);
                    thread.setContextClassLoader(null);
                    return thread;
                }
            });
        }

        private static Thread create(ThreadGroup group, Runnable task, String name) {
            if (WITHOUT_INHERITED_LOCALS != null) {
                try {
                    return WITHOUT_INHERITED_LOCALS.newInstance(group, task, name, 0L, Boolean.FALSE);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // Fall through: a thread with inherited locals is better than no refresh at all.
                }
            }
            return new Thread(group, task, name);
        }

        /** The JVM's top thread group ("system"), which no application or server ever destroys. */
        private static ThreadGroup rootGroup() {
            ThreadGroup group = Thread.currentThread().getThreadGroup();
            try {
                while (group.getParent() != null) {
                    group = group.getParent();
                }
            } catch (SecurityException e) {
                // A security manager that hides the parent groups: stay in the highest one visible.
            }
            return group;
        }

        private static Constructor<Thread> withoutInheritedLocals() {
            try {
                return Thread.class.getConstructor(ThreadGroup.class, Runnable.class, String.class, long.class,
                        boolean.class);
            } catch (NoSuchMethodException | RuntimeException java8) {
                return null;
            }
        }
    }
}
