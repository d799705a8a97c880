package io.imdsagent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A forked JVM the test watches while it runs (attaches a JMX client, scrapes an exporter), then stops. Its
 * output goes to files, so a full pipe never stalls it; it is killed when closed, whatever the test did.
 */
public final class RunningJvm implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private RunningJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code jvm} as {@link ForkedJvm#run} would, without waiting for it. */
    public static RunningJvm start(ForkedJvm jvm) throws IOException {
        jvm.environment().putIfAbsent("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9");
        Path out = Files.createTempFile("running-jvm", ".out");
        Path err = Files.createTempFile("running-jvm", ".err");
        ProcessBuilder builder = new ProcessBuilder(jvm.argv()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(jvm.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        return new RunningJvm(process, out, err);
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the JVM printed {@code line} on stdout; fails if it exits or the time runs out first. */
    public void awaitLine(String line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().lines().anyMatch(line::equals)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the JVM did not print '" + line + "'\n" + this);
            }
            Thread.sleep(50);
        }
    }

    public String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
    }

    @Override
    public String toString() {
        try {
            return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
