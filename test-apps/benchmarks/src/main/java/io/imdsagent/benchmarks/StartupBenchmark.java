package io.imdsagent.benchmarks;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process start-up: a hello world and an SDK v2 and v1 app that resolve their default credential chain once,
 * each without an agent, with an agent that does nothing, with imds-agent and with the OpenTelemetry Java agent
 * (exporters off) as the reference, on each JDK. Runs alternate (every round runs every setup, starting each
 * round with another one) so that load from elsewhere on the machine falls on all alike; the table gives medians
 * of wall time, CPU time (user + system) and peak RSS, and ratios against no agent. The emulator listens on
 * 127.0.0.1 and every SDK and the agent are pointed at it.
 *
 * <p>Run by {@code run.sh startup} ({@link BenchmarkMain}); {@code IMDS_BENCH_ROUNDS} sets the rounds (default 9).
 */
final class StartupBenchmark {
    static final Path JDK25_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final String MARK = "startup-bench:";
    private static final long TIMEOUT_SECONDS = 300;

    private final Path workDir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> loopbackProperties;

    private StartupBenchmark(Path workDir, String endpoint) {
        this.workDir = workDir;
        environment.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint);
        // only the instance profile can answer the chains
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/imds-agent-bench");
        environment.put("AWS_CONFIG_FILE", "/nonexistent/imds-agent-bench");
        loopbackProperties = List.of("-Dcom.amazonaws.sdk.ec2MetadataServiceEndpointOverride=" + endpoint,
                "-Daws.ec2MetadataServiceEndpoint=" + endpoint, "-Daws.java.v1.disableDeprecationAnnouncement=true");
    }

    static void run(Path agentJar, Path noOpJar) throws Exception {
        if (!Files.isExecutable(TIME)) {
            throw new IllegalStateException("startup benchmark: needs GNU time at " + TIME + " for CPU time and peak RSS");
        }
        String roundsSetting = System.getenv("IMDS_BENCH_ROUNDS");
        int rounds = roundsSetting == null ? 9 : Integer.parseInt(roundsSetting);
        List<String> javas = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Files.isExecutable(JDK25_JAVA)) {
            javas.add(JDK25_JAVA.toString());
        }
        Path root = agentJar.getParent().getParent().getParent();
        Path benchClasses = root.resolve("test-apps/benchmarks/target/classes");
        // copied there by the build from Maven Central (io.opentelemetry.javaagent:opentelemetry-javaagent)
        Path otelJar = root.resolve("test-apps/benchmarks/target/agents/opentelemetry-javaagent.jar");
        try (ImdsEmulator emulator = ImdsEmulator.builder().build().start()) {
            StartupBenchmark bench = new StartupBenchmark(Files.createTempDirectory("startup-bench"), emulator.baseUrl());
            Map<String, List<String>> setups = new LinkedHashMap<>();
            setups.put("no agent", List.of());
            setups.put("no-op agent", List.of("-javaagent:" + noOpJar));
            setups.put("imds-agent", List.of("-javaagent:" + agentJar + "=endpoint=" + emulator.baseUrl()));
            setups.put("OpenTelemetry 2.31", List.of("-javaagent:" + otelJar, "-Dotel.traces.exporter=none",
                    "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"));
            Map<String, App> apps = new LinkedHashMap<>();
            apps.put("hello world", new App(benchClasses.toString(), HelloWorld.class.getName(), "hello"));
            apps.put("SDK v2 2.57, first credentials", new App(benchClasses + ":" + sampleAppClassPath(root, "v2-2.57"),
                    FirstCredentials.class.getName() + " v2", "credentials ASIA"));
            apps.put("SDK v1 1.12, first credentials", new App(benchClasses + ":" + sampleAppClassPath(root, "v1-1.12"),
                    FirstCredentials.class.getName() + " v1", "credentials ASIA"));
            bench.run(javas, apps, setups, rounds);
        }
    }

    private static String sampleAppClassPath(Path root, String module) throws IOException {
        Path target = root.resolve("test-apps/aws-sdk").resolve(module).resolve("target");
        return target.resolve("classes") + ":" + Files.readString(target.resolve("classpath.txt")).trim();
    }

    private record App(String classPath, String mainAndArgs, String expectedOutput) {
    }

    private record Sample(double wallMillis, double cpuMillis, double rssMiB) {
    }

    private void run(List<String> javas, Map<String, App> apps, Map<String, List<String>> setups, int rounds)
            throws Exception {
        List<String> setupNames = new ArrayList<>(setups.keySet());
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String java : javas) {
            String version = javaVersion(java);
            for (Map.Entry<String, App> app : apps.entrySet()) {
                // one unmeasured run each, so that the file cache holds every jar before the first sample
                for (String setup : setupNames) {
                    runOnce(java, app.getValue(), setups.get(setup));
                }
                for (int round = 0; round < rounds; round++) {
                    for (int turn = 0; turn < setupNames.size(); turn++) {
                        String setup = setupNames.get((round + turn) % setupNames.size());
                        Run result = runOnce(java, app.getValue(), setups.get(setup));
                        samples.computeIfAbsent(key(version, app.getKey(), setup), k -> new ArrayList<>())
                                .add(result.sample);
                        if (setup.equals("imds-agent") && result.stderr.toLowerCase(Locale.ROOT).contains("warning")) {
                            warnings.add(version + " " + app.getKey() + ": " + result.stderr.strip());
                        }
                    }
                }
                System.err.println("startup benchmark: " + version + ", " + app.getKey() + " done");
            }
            System.out.println();
            System.out.println("JDK " + version + " (medians of " + rounds + " alternating runs)");
            System.out.println();
            System.out.println("| app | agent | wall (ms) | CPU (ms) | peak RSS (MiB) | wall vs no agent"
                    + " | CPU vs no agent | RSS vs no agent |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (String app : apps.keySet()) {
                Sample none = median(samples.get(key(version, app, setupNames.get(0))));
                for (String setup : setupNames) {
                    Sample s = median(samples.get(key(version, app, setup)));
                    System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1f | %.2fx (%+.0f ms) | %.2fx | %+.1f MiB |%n",
                            app, setup, s.wallMillis, s.cpuMillis, s.rssMiB, s.wallMillis / none.wallMillis,
                            s.wallMillis - none.wallMillis, s.cpuMillis / none.cpuMillis, s.rssMiB - none.rssMiB);
                }
            }
        }
        System.out.println();
        System.out.println(warnings.isEmpty() ? "imds-agent runs printed no warning."
                : "imds-agent runs printed warnings:\n" + String.join("\n", warnings));
    }

    private static String key(String java, String app, String setup) {
        return java + "|" + app + "|" + setup;
    }

    private record Run(Sample sample, String stderr) {
    }

    private Run runOnce(String java, App app, List<String> agentArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(TIME.toString(), "-f", MARK + " %U %S %M", java));
        command.addAll(agentArgs);
        command.addAll(loopbackProperties);
        command.add("-cp");
        command.add(app.classPath);
        command.addAll(Arrays.asList(app.mainAndArgs.split(" ")));
        Path out = workDir.resolve("out");
        Path err = workDir.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("startup benchmark: timed out: " + command);
        }
        double wallMillis = (System.nanoTime() - start) / 1e6;
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        int mark = stderr.lastIndexOf(MARK);
        if (process.exitValue() != 0 || !stdout.contains(app.expectedOutput) || mark < 0) {
            throw new IllegalStateException("startup benchmark: run failed: " + command + "\n" + stdout + stderr);
        }
        String[] times = stderr.substring(mark + MARK.length()).trim().split("\\s+");
        double cpuMillis = (Double.parseDouble(times[0]) + Double.parseDouble(times[1])) * 1000;
        double rssMiB = Long.parseLong(times[2]) / 1024.0;
        return new Run(new Sample(wallMillis, cpuMillis, rssMiB), stderr.substring(0, mark));
    }

    private static String javaVersion(String java) throws Exception {
        Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        int quote = text.indexOf('"');
        return quote < 0 ? java : text.substring(quote + 1, text.indexOf('"', quote + 1));
    }

    private static Sample median(List<Sample> samples) {
        return new Sample(median(samples, 0), median(samples, 1), median(samples, 2));
    }

    private static double median(List<Sample> samples, int field) {
        double[] values = samples.stream().mapToDouble(s -> field == 0 ? s.wallMillis : field == 1 ? s.cpuMillis
                : s.rssMiB).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
