package io.imdsagent.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs each benchmark with and without the agent in one run and prints the ratios, as the README
 * reports them. Every SDK and the agent are pointed at an emulator on 127.0.0.1.
 *
 * <p>Usage: {@code BenchmarkMain AGENT_JAR [credentials|requests|self-assume|non-imds|checks|report|startup|all]
 * [METHODS]} ({@code checks}: only the per-request, per-connection and per-write checks, which {@code non-imds} also runs;
 * {@code METHODS}: a regular expression that limits {@code non-imds} to the request benchmarks it matches, such as
 * {@code netty})
 */
public final class BenchmarkMain {
    static final String PORT_PROPERTY = "bench.imdsPort";
    // scores per benchmark: without the agent, then with it in up to two modes
    private static final int MAX_COLUMNS = 3;

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path agentJar = Path.of(args[0]).toAbsolutePath();
        String which = args.length > 1 ? args[1] : "all";
        String methods = args.length > 2 ? args[2] : ".*";
        int port = freePort();
        List<String> loopback = List.of("-D" + PORT_PROPERTY + "=" + port,
                "-Dcom.amazonaws.sdk.ec2MetadataServiceEndpointOverride=http://127.0.0.1:" + port,
                "-Daws.ec2MetadataServiceEndpoint=http://127.0.0.1:" + port,
                "-Daws.java.v1.disableDeprecationAnnouncement=true");
        String agent = "-javaagent:" + agentJar + "=endpoint=http://127.0.0.1:" + port + ",log=warn";
        if (which.equals("all") || which.equals("credentials")) {
            credentials(loopback, agent);
        }
        if (which.equals("all") || which.equals("requests")) {
            requests(loopback, agent);
        }
        if (which.equals("all") || which.equals("self-assume")) {
            selfAssume(loopback, agent);
        }
        if (which.equals("all") || which.equals("non-imds")) {
            nonImdsRequests(loopback, agent, methods);
        } else if (which.equals("checks")) {
            printChecks(checks(with(loopback, agent)));
        }
        if (which.equals("all") || which.equals("report")) {
            ReportBenchmark.run(agentJar);
        }
        if (which.equals("all") || which.equals("startup")) {
            StartupBenchmark.run(agentJar, noOpAgentJar());
        }
    }

    private static void credentials(List<String> loopback, String agent) throws Exception {
        Map<String, double[]> scores = new TreeMap<>();
        record(scores, 0, runJmh(CredentialsResolveBenchmark.class, loopback));
        List<String> withAgent = new ArrayList<>(loopback);
        withAgent.add(agent);
        Collection<RunResult> served = new Runner(new OptionsBuilder()
                .include(CredentialsResolveBenchmark.class.getName()).addProfiler(GCProfiler.class)
                .jvmArgsAppend(withAgent.toArray(new String[0])).build()).run();
        record(scores, 1, served);
        Map<String, Double> allocated = new TreeMap<>();
        for (RunResult result : served) {
            String label = result.getParams().getBenchmark();
            allocated.put(label.substring(label.lastIndexOf('.') + 1), allocatedBytes(result));
        }
        System.out.println();
        System.out.println("| benchmark | SDK's own cached path (ns/op) | through imds-agent (ns/op) | speed-up |"
                + " through imds-agent, allocated (B/op) |");
        System.out.println("|---|---|---|---|---|");
        scores.forEach((name, score) -> System.out.printf("| %s | %.1f | %.1f | %.1fx | %.0f |%n",
                name, score[0], score[1], score[0] / score[1], allocated.get(name)));
    }

    private static void requests(List<String> loopback, String agent) throws Exception {
        int providers = 20;
        String without = runJava(loopback, null, ImdsRequestCount.class.getName(), Integer.toString(providers));
        String with = runJava(loopback, agent, ImdsRequestCount.class.getName(), Integer.toString(providers));
        System.out.println();
        System.out.println("IMDS requests for " + providers + " v1 + " + providers + " v2 providers resolving once each:");
        System.out.println("  without the agent: " + without.strip());
        System.out.println("  with the agent:    " + with.strip());
    }

    /** AssumeRole of the own role: the STS round trip without the agent, refused or answered with it. */
    private static void selfAssume(List<String> loopback, String agent) throws Exception {
        Map<String, double[]> scores = new TreeMap<>();
        record(scores, 0, runJmh(SelfAssumeBenchmark.class, loopback));
        String[] modes = {"block", "short-circuit"};
        for (int i = 0; i < modes.length; i++) {
            List<String> withAgent = new ArrayList<>(loopback);
            withAgent.add(agent + ",self-assume=" + modes[i]);
            record(scores, i + 1, runJmh(SelfAssumeBenchmark.class, withAgent));
        }
        System.out.println();
        System.out.println("| benchmark | no agent: STS stub on loopback (us/op) | self-assume=block (us/op)"
                + " | self-assume=short-circuit (us/op) |");
        System.out.println("|---|---|---|---|");
        scores.forEach((name, score) -> System.out.printf("| %s | %.1f | %.1f | %.1f |%n",
                name, score[0], score[1], score[2]));
    }

    /**
     * Requests that are not for IMDS, to a loopback server: without an agent, with an agent that does nothing
     * (what any agent costs) and with imds-agent, in turn for several rounds in rotating order, so that load from
     * elsewhere on the machine falls on all three alike; then what imds-agent's check itself costs, measured
     * directly.
     */
    private static void nonImdsRequests(List<String> loopback, String agent, String methods) throws Exception {
        int rounds = 7;
        List<List<String>> setups = List.of(loopback, with(loopback, "-javaagent:" + noOpAgentJar()),
                with(loopback, agent));
        List<Map<String, double[]>> scores = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        for (int round = 0; round < rounds; round++) {
            // Each round starts with another setup: a drift within rounds (the CPU's boost running out, other
            // jobs starting) must not always fall on the same one.
            for (int turn = 0; turn < setups.size(); turn++) {
                int setup = (round + turn) % setups.size();
                record(scores.get(setup), round, runJmh(NonImdsRequestBenchmark.class, methods, setups.get(setup)),
                        rounds);
            }
        }
        Collection<RunResult> checked = checks(setups.get(2));
        System.out.println();
        System.out.println("| benchmark (µs/op, median of " + rounds + " rounds) | no agent | no-op agent | imds-agent"
                + " | imds-agent vs no agent | imds-agent vs no-op agent |");
        System.out.println("|---|---|---|---|---|---|");
        scores.get(0).forEach((name, none) -> {
            double[] noOp = scores.get(1).get(name);
            double[] imds = scores.get(2).get(name);
            System.out.printf("| %s | %.1f | %.1f | %.1f | %+.1f %% | %+.1f %% |%n", name, median(none), median(noOp),
                    median(imds), medianChange(none, imds), medianChange(noOp, imds));
        });
        printChecks(checked);
    }

    /** The checks with JMH's GC profiler: bytes allocated per call, which no other load on the machine disturbs. */
    private static Collection<RunResult> checks(List<String> withAgent) throws Exception {
        return new Runner(new OptionsBuilder().include(ImdsCheckBenchmark.class.getName()).addProfiler(GCProfiler.class)
                .jvmArgsAppend(withAgent.toArray(new String[0])).build()).run();
    }

    private static void printChecks(Collection<RunResult> checked) {
        System.out.println();
        System.out.println("| imds-agent's check alone | ns/op | allocated (B/op) |");
        System.out.println("|---|---|---|");
        for (RunResult result : checked) {
            String label = result.getParams().getBenchmark();
            System.out.printf("| %s | %.1f | %.0f |%n", label.substring(label.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore(), allocatedBytes(result));
        }
    }

    /** JMH's GC profiler's bytes allocated per operation. */
    private static double allocatedBytes(RunResult result) {
        return result.getSecondaryResults().entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("gc.alloc.rate.norm"))
                .mapToDouble(entry -> entry.getValue().getScore()).findFirst().orElse(Double.NaN);
    }

    private static List<String> with(List<String> jvmArgs, String arg) {
        List<String> extended = new ArrayList<>(jvmArgs);
        extended.add(arg);
        return extended;
    }

    /** A jar whose manifest names {@link NoOpAgent} (which the forks find on their class path), as imds-agent's does. */
    private static Path noOpAgentJar() throws IOException {
        Path jar = Files.createTempFile("no-op-agent", ".jar");
        jar.toFile().deleteOnExit();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoOpAgent.class.getName());
        // As imds-agent's manifest: these JVMTI capabilities may change how the JIT compiles.
        manifest.getMainAttributes().putValue("Can-Redefine-Classes", "true");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    /** The median of the paired changes from {@code before} to {@code after}, in per cent. */
    private static double medianChange(double[] before, double[] after) {
        double[] changes = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            changes[i] = 100 * (after[i] - before[i]) / before[i];
        }
        return median(changes);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void record(Map<String, double[]> scores, int column, Collection<RunResult> results, int columns) {
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.') + 1);
            scores.computeIfAbsent(label, key -> new double[columns])[column] = result.getPrimaryResult().getScore();
        }
    }

    private static Collection<RunResult> runJmh(Class<?> benchmark, List<String> jvmArgs) throws Exception {
        return runJmh(benchmark, ".*", jvmArgs);
    }

    /** @param methods a regular expression found in the names of the benchmark methods run */
    private static Collection<RunResult> runJmh(Class<?> benchmark, String methods, List<String> jvmArgs)
            throws Exception {
        Options options = new OptionsBuilder().include(
                Pattern.quote(benchmark.getName() + ".") + "\\w*(?:" + methods + ")")
                .jvmArgsAppend(jvmArgs.toArray(new String[0])).build();
        return new Runner(options).run();
    }

    private static void record(Map<String, double[]> scores, int column, Collection<RunResult> results) {
        record(scores, column, results, MAX_COLUMNS);
    }

    private static String runJava(List<String> jvmArgs, String agent, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        if (agent != null) {
            command.add(agent);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
        return output.lines().filter(line -> line.startsWith("requests=")).findFirst().orElse(output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
