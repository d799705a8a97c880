package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent's background threads do not inherit the world of the application thread that first needs them. */
class RefreshSchedulerTest {
    private static final InheritableThreadLocal<String> WEB_APP_LOCAL = new InheritableThreadLocal<>();

    @Test
    void theBackgroundThreadOwesNothingToTheThreadThatStartedIt() throws Exception {
        RefreshScheduler scheduler = new RefreshScheduler.DaemonThread("imds-agent-test");
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        CompletableFuture<String> local = new CompletableFuture<>();
        ThreadGroup webApp = new ThreadGroup("web-app");
        ClassLoader webAppLoader = new URLClassLoader(new URL[0], null);
        Thread requestThread = new Thread(webApp, () -> {
            Thread.currentThread().setContextClassLoader(webAppLoader);
            WEB_APP_LOCAL.set("session of the first caller");
            scheduler.schedule(() -> {
                local.complete(String.valueOf(WEB_APP_LOCAL.get()));
                ran.complete(Thread.currentThread());
            }, 0);
        }, "http-nio-8080-exec-1");
        requestThread.start();
        requestThread.join();

        Thread background = ran.get(10, TimeUnit.SECONDS);
        assertEquals("imds-agent-test", background.getName());
        assertTrue(background.isDaemon());
        assertNull(background.getContextClassLoader(), "context class loader");
        assertNull(background.getThreadGroup().getParent(), "thread group " + background.getThreadGroup().getName()
                + " should be the JVM's top group");
        assertEquals("null", local.get(), "inheritable thread-local");
    }
}
