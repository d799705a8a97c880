package io.imdsagent.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code report} over a million event lines from ten thousand hosts ({@link FleetEventsGenerator}), in a JVM
 * held to {@code -Xmx512m}: the wall-clock time, the peak resident memory where {@code /usr/bin/time} can tell
 * it, and whether the decisions it added up are the ones the generator wrote.
 */
final class ReportBenchmark {
    static final long LINES = 1_000_000;
    static final int HOSTS = 10_000;

    private ReportBenchmark() {
    }

    static void run(Path agentJar) throws Exception {
        Path directory = Files.createTempDirectory("fleet-events");
        Path json = directory.resolve("report.json");
        Path events = directory.resolve("events");
        try {
            long generating = System.nanoTime();
            Map<String, Long> expected = FleetEventsGenerator.generate(events, LINES, HOSTS);
            long bytes;
            try (Stream<Path> files = Files.list(events)) {
                bytes = files.mapToLong(file -> file.toFile().length()).sum();
            }
            System.out.printf("%n%,d event lines from %,d hosts in %d files (%,d MB on disk, half gzipped),"
                    + " written in %.1f s%n", LINES, HOSTS, FleetEventsGenerator.FILES, bytes >> 20,
                    (System.nanoTime() - generating) / 1e9);
            for (String heap : List.of("-Xmx512m", "-Xmx64m")) {
                measure(agentJar, heap, events, json, expected);
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void measure(Path agentJar, String heap, Path events, Path json, Map<String, Long> expected)
            throws Exception {
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            command.addAll(List.of("/usr/bin/time", "-f", "peak-rss-kib=%M cpu-seconds=%U+%S"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-jar",
                agentJar.toString(), "report", "--format", "json", "--out", json.toString(), events.toString()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 2) {
            throw new IOException("report exited " + exit + " (expected 2: IMDSv1 call sites):\n" + output);
        }
        // On a shared machine the wall clock also counts other processes' turns: CPU time says what it cost.
        String resources = output.lines().filter(line -> line.startsWith("peak-rss-kib=")).findFirst()
                .map(ReportBenchmark::resources).orElse("peak memory and CPU time unknown");
        System.out.printf("report --format json with %s: %.1f s wall clock, %s; decisions %s%n", heap, seconds,
                resources, check(json, expected));
    }

    /** {@code peak-rss-kib=K cpu-seconds=U+S} as {@code 5.7 s CPU, 318 MiB peak resident}. */
    private static String resources(String line) {
        String[] parts = line.split("[= +]");
        double cpu = Double.parseDouble(parts[3]) + Double.parseDouble(parts[4]);
        return String.format("%.1f s CPU, %d MiB peak resident", cpu, Long.parseLong(parts[1]) >> 10);
    }

    /** Whether the report's decisions per call site are the generator's. */
    private static String check(Path json, Map<String, Long> expected) throws IOException {
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        Map<String, Long> reported = new HashMap<>();
        for (String section : List.of("imdsv1", "self-assume", "ssrf")) {
            for (JsonNode site : report.get(section)) {
                site.get("byKind").fields().forEachRemaining(kind -> {
                    if (kind.getValue().asLong() > 0) {
                        reported.put(kind.getKey() + " " + site.get("caller").asText(), kind.getValue().asLong());
                    }
                });
            }
        }
        if (!reported.equals(expected)) {
            throw new IOException("the report's decisions differ from the generator's:\nreported " + reported
                    + "\nexpected " + expected);
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        return String.format("match the generator's (%,d decisions at %d call sites)", total, expected.size());
    }
}
