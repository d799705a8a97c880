package io.imdsagent.testapps.mixed;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application that holds SDK v1 and v2 on its own class path, loads that class path a second time
 * through a separate class loader (so each SDK exists twice in the JVM), and loads each {@code --sdk}
 * class path (another sample app's) through a loader of its own. It knows nothing of imds-agent.
 *
 * <p>It signs one GetCallerIdentity per SDK copy when {@code STS_ENDPOINT} is set, then creates
 * {@code --providers} instance-profile providers spread over the copies and resolves every one of them
 * from {@code --threads} threads until {@code --duration-ms} has passed (at least once). It prints, per
 * copy and access key id, when that key was first and last handed out (epoch milliseconds, taken after
 * the call returned), each failed call with when it failed and how long it took, and the slowest call.
 * Exit status 1 when any call fails.
 *
 * <pre>
 * MixedSdkApp [--providers 20] [--threads 8] [--duration-ms 0] [--pause-ms 50] [--sdk CLASSPATH]...
 * </pre>
 */
public final class MixedSdkApp {
    private static final String[] APP_CLASSES = {
        "io.imdsagent.testapps.awsv1.CallerIdentityApp", "io.imdsagent.testapps.awsv2.CallerIdentityApp",
    };

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong resolves = new AtomicLong();
    private final AtomicLong slowestMillis = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int providers = 20;
        int threads = 8;
        long durationMillis = 0;
        long pauseMillis = 50;
        List<String> classPaths = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--providers": providers = Integer.parseInt(value); break;
                case "--threads": threads = Integer.parseInt(value); break;
                case "--duration-ms": durationMillis = Long.parseLong(value); break;
                case "--pause-ms": pauseMillis = Long.parseLong(value); break;
                case "--sdk": classPaths.add(value); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<SdkCopy> copies = new ArrayList<>();
        copies.addAll(SdkCopy.allIn(MixedSdkApp.class.getClassLoader(), "app-loader"));
        copies.addAll(SdkCopy.allIn(isolatedLoader(System.getProperty("java.class.path")), "second-loader"));
        for (int i = 0; i < classPaths.size(); i++) {
            copies.addAll(SdkCopy.allIn(isolatedLoader(classPaths.get(i)), "sdk-loader-" + (i + 1)));
        }
        System.exit(new MixedSdkApp().run(copies, providers, threads, durationMillis, pauseMillis));
    }

    private int run(List<SdkCopy> copies, int providerCount, int threadCount, long durationMillis, long pauseMillis)
            throws Exception {
        String stsEndpoint = System.getenv("STS_ENDPOINT");
        if (stsEndpoint != null) {
            for (SdkCopy copy : copies) {
                try {
                    System.out.println("copy=" + copy.label + " " + copy.callerIdentity(stsEndpoint));
                } catch (Exception e) {
                    fail(copy.label + " GetCallerIdentity", e);
                }
            }
        }
        List<Callable<String>> providers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < providerCount; i++) {
            SdkCopy copy = copies.get(i % copies.size());
            providers.add(copy.newProvider());
            labels.add(copy.label);
        }
        long deadline = System.currentTimeMillis() + durationMillis;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            Thread worker = new Thread(() -> {
                awaitQuietly(start);
                do {
                    for (int p = 0; p < providers.size(); p++) {
                        resolve(labels.get(p), providers.get(p));
                    }
                    sleepQuietly(pauseMillis);
                } while (System.currentTimeMillis() < deadline);
            }, "resolver-" + t);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        for (Map.Entry<String, Seen> entry : new TreeMap<>(seen).entrySet()) {
            System.out.println("seen " + entry.getKey() + " " + entry.getValue());
        }
        System.out.println("resolves=" + resolves.get() + " failures=" + failures.get() + " slowest-ms="
                + slowestMillis.get());
        return failures.get() == 0 ? 0 : 1;
    }

    private void resolve(String label, Callable<String> provider) {
        long started = System.currentTimeMillis();
        try {
            String accessKeyId = provider.call();
            long handedOut = System.currentTimeMillis();
            slowestMillis.accumulateAndGet(handedOut - started, Math::max);
            seen.computeIfAbsent("copy=" + label + " access-key-id=" + accessKeyId, key -> new Seen(handedOut))
                    .record(handedOut);
            resolves.incrementAndGet();
        } catch (Exception e) {
            long failedAt = System.currentTimeMillis();
            slowestMillis.accumulateAndGet(failedAt - started, Math::max);
            fail(label + " resolve at=" + failedAt + " after-ms=" + (failedAt - started), e);
        }
    }

    private void fail(String what, Exception e) {
        failures.incrementAndGet();
        System.out.println("failed " + what + ": " + e);
    }

    /** A loader that sees only the JDK and the given class path, so it defines its own copy of every SDK class. */
    private static ClassLoader isolatedLoader(String classPath) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One sample app's SDK as one class loader defined it, used through reflection and java.* types only. */
    private static final class SdkCopy {
        final String label;
        final Method newProvider;
        final Method callerIdentity;

        private SdkCopy(String label, Class<?> app) throws NoSuchMethodException {
            this.newProvider = app.getMethod("newInstanceProfileProvider");
            this.callerIdentity = app.getMethod("callerIdentity", String.class);
            this.label = label + "/" + invoke(newProvider);
        }

        static List<SdkCopy> allIn(ClassLoader loader, String loaderName) throws NoSuchMethodException {
            List<SdkCopy> copies = new ArrayList<>();
            for (String name : APP_CLASSES) {
                try {
                    copies.add(new SdkCopy(loaderName, Class.forName(name, true, loader)));
                } catch (ClassNotFoundException absent) {
                    // this class path holds the other SDK major version only
                }
            }
            if (copies.isEmpty()) {
                throw new IllegalArgumentException(loaderName + " holds no sample app");
            }
            return copies;
        }

        @SuppressWarnings("unchecked")
        Callable<String> newProvider() {
            return (Callable<String>) invoke(newProvider);
        }

        String callerIdentity(String stsEndpoint) {
            return (String) invoke(callerIdentity, stsEndpoint);
        }

        private static Object invoke(Method method, Object... args) {
            try {
                return method.invoke(null, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException
                        ? (RuntimeException) e.getCause() : new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** When one access key id was first and last handed out by one SDK copy. */
    private static final class Seen {
        private final long first;
        private long last;

        Seen(long first) {
            this.first = first;
            this.last = first;
        }

        synchronized void record(long handedOut) {
            last = Math.max(last, handedOut);
        }

        @Override
        public synchronized String toString() {
            return "first=" + first + " last=" + last;
        }
    }
}
