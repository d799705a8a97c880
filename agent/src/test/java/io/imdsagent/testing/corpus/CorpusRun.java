package io.imdsagent.testing.corpus;

import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the corpus's rows in one sealed run: one client JVM per app module and mode, in table order, under
 * {@link CorpusDriver}; then reads back what every JVM printed and what the emulator and stubs received.
 */
public final class CorpusRun {
    /** Each client JVM's limit; its rows time out on their own after 10 s each. */
    private static final int JVM_TIMEOUT_SECONDS = 120;
    /** With this system property set, the run's files (rows, outputs, events, stub log) stay for a look. */
    private static final String KEEP = "imds.corpus.keep";
    private static final Duration DRIVER_TIMEOUT = Duration.ofMinutes(8);
    private static final Set<String> NETTY = Set.of("reactor-netty", "reactor-netty-epoll", "netty", "netty-epoll");
    private static final Set<String> LIBRARIES = Set.of("okhttp", "okhttp-xff-interceptor", "apache4",
            "apache4-default-headers", "apache5", "apache5-default-headers", "apache5-async", "apache4-async", "jetty",
            "xslt-saxon", "xslt-saxon-unparsed-text", "woodstox-entity");

    private CorpusRun() {
    }

    public static CorpusCheck run(List<CorpusRow> rows) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("imds-corpus-");
        try {
            Map<String, CorpusPlan.Jvm> jvms = new LinkedHashMap<>();
            for (CorpusRow row : rows) {
                if (row.onJdk25() && !Files.isExecutable(ForkedJvm.JDK25_JAVA)) {
                    continue;
                }
                SampleApp app = appOf(row.appClient());
                String name = app.name().toLowerCase().replace('_', '-') + "-" + row.mode()
                        + (row.onJdk25() ? "-jdk25" : "") + (row.nettyOnModulePath() ? "-modules" : "");
                String java = row.onJdk25() ? ForkedJvm.JDK25_JAVA.toString() : ForkedJvm.java().argv().get(0);
                Map<Boolean, String> paths = Stream.of(app.classPath().split(File.pathSeparator)).collect(
                        Collectors.partitioningBy(entry -> row.nettyOnModulePath() && entry.contains("/io/netty/"),
                                Collectors.joining(File.pathSeparator)));
                jvms.computeIfAbsent(name, key -> new CorpusPlan.Jvm(key, row.mode(), java, paths.get(false),
                        app.mainClass(), paths.get(true), new ArrayList<>()))
                        .rows().add(row.id() + "\t" + row.appClient() + "\t" + row.expandedPayload());
            }
            Path plan = new CorpusPlan(directory, ForkedJvm.agentJar().toString(), JVM_TIMEOUT_SECONDS,
                    List.copyOf(jvms.values())).write();
            long started = System.nanoTime();
            SealedResult result = SdkSealedRun.builder("--mode", "optional")
                    .command(ForkedJvm.java().jvmArg("-Xmx64m").jvmArg("-XX:TieredStopAtLevel=1")
                            .main(ForkedJvm.testClassPath(), CorpusDriver.class.getName(), plan.toString()).argv())
                    .timeout(DRIVER_TIMEOUT)
                    .run();
            CommandResult driver = result.command(0);
            System.out.printf("SSRF corpus: %d rows in %d client JVMs, %d s%n", rows.size(), jvms.size(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            if (driver.exitCode() != 0) {
                throw new IllegalStateException("the corpus driver failed: " + driver + "\n" + result.runnerOutput());
            }
            for (String jvm : jvms.keySet()) {
                reportTrouble(directory, jvm);
            }
            CorpusCheck check = CorpusCheck.read(directory, result.imdsRequests());
            System.out.println("SSRF corpus: slowest rows " + check.slowest(8));
            return check;
        } finally {
            if (System.getProperty(KEEP) != null) {
                System.out.println("SSRF corpus: files kept in " + directory);
            } else {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private static SampleApp appOf(String client) {
        if (NETTY.contains(client)) {
            return SampleApp.SSRF_NETTY;
        }
        if (LIBRARIES.contains(client)) {
            return SampleApp.SSRF_LIBRARIES;
        }
        return client.equals("vertx") ? SampleApp.SSRF_VERTX : SampleApp.SSRF_JDK;
    }

    /** A JVM that was killed or said something outside its rows (epoll missing, a crash) says so in the test output. */
    private static void reportTrouble(Path directory, String jvm) throws IOException {
        String err = Files.readString(directory.resolve(jvm + ".err"), StandardCharsets.UTF_8);
        List<String> info = Files.readAllLines(directory.resolve(jvm + ".out"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("INFO ")).toList();
        if (err.contains("KILLED") || !info.isEmpty()) {
            System.out.println("SSRF corpus: JVM " + jvm + ": " + info + "\n" + err);
        }
    }
}
