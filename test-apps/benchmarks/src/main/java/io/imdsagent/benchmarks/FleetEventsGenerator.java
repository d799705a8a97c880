package io.imdsagent.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the event files of a fleet, as the agent would have written them over a week: {@code hosts} hosts,
 * each running one of six applications (some a second), each JVM writing its call sites' doubling counts, the
 * last count at exit, and credential refreshes, until {@code lines} lines. A hundred files, every other one
 * gzipped, as a log collector leaves them. Returns the decisions per call site that the report must add up to.
 *
 * <p>Usage: {@code FleetEventsGenerator DIRECTORY LINES HOSTS}
 */
public final class FleetEventsGenerator {
    static final int FILES = 100;
    private static final long WEEK_START = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
    private static final long WEEK = 7L * 24 * 3600 * 1000;
    private static final String[] APPS = {"com.example.billing.Main", "/opt/orders/orders.jar",
        "org.apache.catalina.startup.Bootstrap", "com.example.reports.Nightly", "/srv/search/search-api.jar",
        "com.example.ingest.Worker"};

    /** A call site: what the agent writes for it, less count, time and the JVM. */
    private static final class Site {
        final String event;
        final String caller;
        final String fields;

        Site(String event, String caller, String fields) {
            this.event = event;
            this.caller = caller;
            this.fields = fields;
        }
    }

    private FleetEventsGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Long> decisions = generate(Path.of(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]));
        decisions.forEach((site, count) -> System.out.println(count + " " + site));
    }

    static Map<String, Long> generate(Path directory, long lines, int hosts) throws IOException {
        Files.createDirectories(directory);
        Site[][] sites = sitesPerApp();
        Random random = new Random(42);
        Map<String, Long> decisions = new TreeMap<>();
        long linesPerHost = lines / hosts;
        long written = 0;
        int hostsPerFile = Math.max(1, hosts / FILES);
        Writer out = null;
        for (int host = 0; host < hosts; host++) {
            if (host % hostsPerFile == 0) {
                if (out != null) {
                    out.close();
                }
                out = open(directory, host / hostsPerFile);
            }
            String hostName = "ip-10-" + (host / 65536) + "-" + (host / 256 % 256) + "-" + (host % 256);
            long budget = host == hosts - 1 ? lines - written : linesPerHost;
            int apps = host % 10 == 0 ? 2 : 1;
            for (int j = 0; j < apps; j++) {
                long share = j == apps - 1 ? budget : budget / 2;
                int app = (host + 3 * j) % APPS.length;
                long pid = 1000 + random.nextInt(60000);
                String jvm = "\"host\":\"" + hostName + "\",\"pid\":" + pid + ",\"app\":\"" + APPS[app] + "\"";
                long jvmLines = writeJvm(out, jvm, sites[app], share, random, decisions);
                budget -= jvmLines;
                written += jvmLines;
            }
        }
        out.close();
        return decisions;
    }

    /** One JVM's lines: each site's counts (1, 2, 4... and the last), then credential refreshes to fill its share. */
    private static long writeJvm(Writer out, String jvm, Site[] sites, long share, Random random,
                                 Map<String, Long> decisions) throws IOException {
        long start = WEEK_START + (long) (random.nextDouble() * WEEK / 2);
        long lines = 0;
        for (Site site : sites) {
            if (site.event.startsWith("self-assume")) {
                // the agent writes one line per self-assume decision, without a count
                for (int i = random.nextInt(3); i >= 0 && lines < share; i--) {
                    out.write("{\"time\":\"" + Instant.ofEpochMilli(start + i * 1000L) + "\",\"event\":\"" + site.event
                            + "\"," + jvm + ",\"caller\":\"" + site.caller + "\"," + site.fields + "}\n");
                    decisions.merge(site.event + " " + site.caller, 1L, Long::sum);
                    lines++;
                }
                continue;
            }
            long calls = 1 + (long) Math.pow(2, random.nextDouble() * 14);
            long written = 0;
            for (long count = 1; count <= calls && lines < share; count++) {
                if (Long.bitCount(count) == 1 || count == calls) {
                    long time = start + count * 60_000 + random.nextInt(60_000);
                    out.write("{\"time\":\"" + Instant.ofEpochMilli(time) + "\",\"event\":\"" + site.event + "\","
                            + jvm + ",\"caller\":\"" + site.caller + "\"," + site.fields + ",\"count\":" + count
                            + ",\"folded\":" + (count - written - 1) + "}\n");
                    decisions.merge(site.event + " " + site.caller, count - written, Long::sum);
                    written = count;
                    lines++;
                }
            }
        }
        for (long time = start; lines < share; time += 6 * 3600_000L) {
            out.write("{\"time\":\"" + Instant.ofEpochMilli(time) + "\",\"event\":\"credentials-refreshed\"," + jvm
                    + ",\"accessKeyId\":\"ASIAEXAMPLE" + (lines % 1000) + "\",\"expiration\":\""
                    + Instant.ofEpochMilli(time + 6 * 3600_000L) + "\"}\n");
            lines++;
        }
        return lines;
    }

    private static Writer open(Path directory, int file) throws IOException {
        OutputStream raw = Files.newOutputStream(directory.resolve(String.format("events-%03d.jsonl%s", file,
                file % 2 == 0 ? ".gz" : "")));
        OutputStream out = file % 2 == 0 ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    private static Site[][] sitesPerApp() {
        Site[][] sites = new Site[APPS.length][];
        for (int app = 0; app < APPS.length; app++) {
            String pkg = "com.example.app" + app;
            sites[app] = new Site[] {
                imdsV1(pkg + ".Config.region(Config.java:" + (40 + app) + ")", "/opt/app" + app + "/lib/app.jar", "3." + app,
                        "com.amazonaws.util.EC2MetadataUtils.getInstanceId(EC2MetadataUtils.java:160)",
                        "/opt/app" + app + "/lib/aws-java-sdk-core-1.11." + (500 + 20 * app) + ".jar",
                        "1.11." + (500 + 20 * app)),
                imdsV1(pkg + ".Metadata.fetch(Metadata.java:" + (12 + app) + ")", "/opt/app" + app + "/lib/app.jar",
                        "3." + app, null, null, null),
                imdsV1(pkg + ".Cloud.zone(Cloud.java:88)", "/opt/app" + app + "/lib/cloud-util-0.9.jar", "0.9",
                        "software.amazon.awssdk.regions.internal.util.EC2MetadataUtils.getItems(EC2MetadataUtils.java:9)",
                        "/opt/app" + app + "/lib/regions-2.5.0.jar", "2.5.0"),
                new Site("self-assume-blocked", pkg + ".Aws.session(Aws.java:31)",
                        "\"roleArn\":\"arn:aws:iam::123456789012:role/app" + app + "\",\"client\":\"StsClient\""),
            };
        }
        return sites;
    }

    private static Site imdsV1(String caller, String jar, String jarVersion, String via, String viaJar,
                               String viaJarVersion) {
        return new Site("imdsv1-upgraded", caller, "\"client\":\"HttpURLConnection\",\"method\":\"GET\","
                + "\"url\":\"http://169.254.169.254/latest/meta-data/instance-id\",\"status\":200,\"jar\":\"" + jar
                + "\",\"jarVersion\":\"" + jarVersion + "\""
                + (via == null ? "" : ",\"via\":\"" + via + "\",\"viaJar\":\"" + viaJar + "\",\"viaJarVersion\":\""
                + viaJarVersion + "\""));
    }
}
