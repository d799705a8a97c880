package io.imdsagent.testing;

import io.imdsagent.testapps.requirements.Requirements;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.HostEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds and runs the command line of a JVM the tests fork: which java, the agent and its options,
 * the class path and main class. {@link #argv()} also feeds sealed runs, which start the JVM themselves.
 */
public final class ForkedJvm {
    public static final Path JDK25_JAVA = Requirements.JDK25_JAVA;

    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> tail = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    public static ForkedJvm java() {
        return new ForkedJvm();
    }

    /** The built agent jar, as the build hands it to the ITs. */
    public static Path agentJar() {
        String path = System.getProperty("imds.test.agentJar");
        if (path == null) {
            throw new IllegalStateException("imds.test.agentJar is not set: run the ITs through mvn verify");
        }
        return Path.of(path);
    }

    /** The repository's root directory. */
    public static Path repoRoot() {
        return Path.of(System.getProperty("imds.test.repoRoot", "..")).toAbsolutePath().normalize();
    }

    /** The class path of this test JVM: test classes, harness, and everything else a forked helper app may use. */
    public static String testClassPath() {
        return System.getProperty("java.class.path");
    }

    public ForkedJvm javaBinary(Path javaBinary) {
        this.java = javaBinary.toString();
        return this;
    }

    /** {@code -javaagent:imds-agent.jar[=options]}; options may be null. */
    public ForkedJvm agent(String options) {
        jvmArgs.add("-javaagent:" + agentJar() + (options == null || options.isEmpty() ? "" : "=" + options));
        return this;
    }

    public ForkedJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ForkedJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ForkedJvm main(String classPath, Class<?> mainClass, String... args) {
        return main(classPath, mainClass.getName(), args);
    }

    public ForkedJvm main(String classPath, String mainClass, String... args) {
        tail.clear();
        tail.add("-cp");
        tail.add(classPath);
        tail.add(mainClass);
        tail.addAll(List.of(args));
        return this;
    }

    /** {@code java -jar JAR args...}: an application packed as one executable jar. */
    public ForkedJvm jar(Path jar, String... args) {
        tail.clear();
        tail.add("-jar");
        tail.add(jar.toString());
        tail.addAll(List.of(args));
        return this;
    }

    /** {@code java -jar imds-agent.jar args...} */
    public ForkedJvm agentCli(String... args) {
        tail.clear();
        tail.add("-jar");
        tail.add(agentJar().toString());
        tail.addAll(List.of(args));
        return this;
    }

    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(jvmArgs);
        argv.addAll(tail);
        return argv;
    }

    public Map<String, String> environment() {
        return env;
    }

    /**
     * Runs on this machine's network. Unless the test says otherwise, the agent's and the SDKs' default
     * metadata endpoint is pointed at a loopback port where nothing listens, so a forgotten option can
     * never send a packet to the real metadata address.
     */
    public CommandResult run(Duration timeout) throws IOException, InterruptedException {
        env.putIfAbsent("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9");
        Path out = Files.createTempFile("forked-jvm", ".out");
        Path err = Files.createTempFile("forked-jvm", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv()).redirectOutput(out.toFile()).redirectError(err.toFile());
            HostEnvironment.clean(builder.environment());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            return new CommandResult(argv(), finished ? process.exitValue() : -1, !finished,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Path separator joined class path entries. */
    public static String classPath(Object... entries) {
        List<String> parts = new ArrayList<>();
        for (Object entry : entries) {
            parts.add(entry.toString());
        }
        return String.join(File.pathSeparator, parts);
    }
}
