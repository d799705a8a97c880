package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testing.ForkedJvm;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's HTML page in a real browser: headless Chromium (Debian's package; {@code .ci/run} installs it)
 * renders it to a PNG of the window's size that shows the page's colours and chart, and its network log holds
 * no request the page made. A control page with one image proves the log would show one. Chromium runs in a
 * network namespace of its own, with no interface up: its own update checks reach nothing.
 */
@RequiresSealedNamespace
class ReportHtmlInBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1000;
    /** Anything in a page that could make a browser fetch. */
    private static final Pattern FETCHES = Pattern.compile(
            "(?i)<(script|link|img|iframe|object|embed|audio|video|source)\\b|\\s(src|href|srcset|action|poster)\\s*=|url\\(|@import");

    @TempDir
    static Path directory;
    private static String chromium;

    @BeforeAll
    static void findChromium() {
        chromium = onPath("chromium", "chromium-browser").orElse(null);
        boolean ci = "true".equals(System.getenv("CI"));
        if (chromium == null && ci) {
            fail("chromium is not installed; .ci/run installs Debian's chromium package when it runs as root");
        }
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium); the HTML is not rendered");
    }

    private static Optional<String> onPath(String... names) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(entry, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** A day of a small fleet: three call sites at different rates, a self-assume and an SSRF refusal. */
    private static Path fleetEvents() throws Exception {
        List<String> lines = new ArrayList<>();
        Instant start = Instant.parse("2026-11-30T00:00:00Z");
        String[][] sites = {
            {"com.example.billing.Invoices.region(Invoices.java:41)", "com.amazonaws.util.EC2MetadataUtils"
                + ".getInstanceId(EC2MetadataUtils.java:160)", "1.11.600"},
            {"com.example.orders.Metadata.fetch(Metadata.java:17)", null, null},
            {"com.example.search.Zone.lookup(Zone.java:88)", "software.amazon.awssdk.regions.internal.util"
                + ".EC2MetadataUtils.getItems(EC2MetadataUtils.java:9)", "2.5.0"},
        };
        for (int host = 0; host < 40; host++) {
            for (int site = 0; site < sites.length; site++) {
                long calls = 20L * (site + 1) * (1 + host % 5);
                long written = 0;
                for (long count = 1; count <= calls; count++) {
                    if (Long.bitCount(count) == 1 || count == calls) {
                        Instant time = start.plus(Duration.ofMinutes(host * 30L + count * (7 + site)));
                        lines.add("{\"time\":\"" + time + "\",\"event\":\"imdsv1-upgraded\",\"host\":\"ip-10-0-1-" + host
                                + "\",\"pid\":" + (4000 + host) + ",\"app\":\"com.example.Main\",\"caller\":\""
                                + sites[site][0] + "\",\"client\":\"HttpURLConnection\",\"jar\":\"/opt/app/app.jar\","
                                + "\"jarVersion\":\"4.2\"" + (sites[site][1] == null ? "" : ",\"via\":\"" + sites[site][1]
                                + "\",\"viaJar\":\"/opt/app/lib/sdk.jar\",\"viaJarVersion\":\"" + sites[site][2] + "\"")
                                + ",\"count\":" + count + ",\"folded\":" + (count - written - 1) + "}");
                        written = count;
                    }
                }
            }
        }
        lines.add("{\"time\":\"2026-11-30T09:00:00.000Z\",\"event\":\"self-assume-blocked\",\"host\":\"ip-10-0-1-3\","
                + "\"pid\":4003,\"app\":\"com.example.Main\",\"caller\":\"com.example.Aws.session(Aws.java:31)\","
                + "\"roleArn\":\"arn:aws:iam::123456789012:role/app\"}");
        lines.add("{\"time\":\"2026-11-30T10:00:00.000Z\",\"event\":\"xml-blocked\",\"host\":\"ip-10-0-1-4\",\"pid\":4004,"
                + "\"app\":\"com.example.Main\",\"caller\":\"com.example.Feed.parse(Feed.java:5)\",\"count\":1,\"folded\":0}");
        return Files.write(directory.resolve("fleet.jsonl"), lines);
    }

    /** Renders {@code page} and returns the screenshot and the requests the page made (by the network log). */
    private static List<String> render(Path page, Path png) throws Exception {
        Path netLog = directory.resolve(png.getFileName() + ".netlog.json");
        Path profile = Files.createTempDirectory(directory, "chromium-profile");
        List<String> command = new ArrayList<>(List.of("unshare", "-rn", chromium, "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT,
                "--log-net-log=" + netLog, page.toUri().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve(png.getFileName() + ".log").toFile()).start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("chromium did not finish in " + TIMEOUT + ": " + Files.readString(directory.resolve(png.getFileName() + ".log")));
        }
        assertTrue(Files.isRegularFile(png), "no screenshot: " + Files.readString(directory.resolve(png.getFileName() + ".log")));
        return pageRequests(netLog);
    }

    /**
     * URL requests with an initiator: what a page asks for. The browser's own (its update and time checks,
     * which go nowhere here) have none: Chromium logs them as initiated by "not an origin".
     */
    private static List<String> pageRequests(Path netLog) throws Exception {
        JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        int startJob = log.get("constants").get("logEventTypes").get("URL_REQUEST_START_JOB").asInt();
        List<String> requests = new ArrayList<>();
        for (JsonNode event : log.get("events")) {
            JsonNode params = event.get("params");
            if (event.get("type").asInt() == startJob && params != null && params.has("url")
                    && !"not an origin".equals(params.path("initiator").asText())) {
                requests.add(params.get("url").asText());
            }
        }
        return requests;
    }

    /** Pixels within a small distance of {@code rgb}. */
    private static int pixelsNear(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int pixel = image.getRGB(x, y);
                int distance = Math.abs(((pixel >> 16) & 0xff) - ((rgb >> 16) & 0xff))
                        + Math.abs(((pixel >> 8) & 0xff) - ((rgb >> 8) & 0xff)) + Math.abs((pixel & 0xff) - (rgb & 0xff));
                if (distance <= 24) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void thePageRendersItsChartAndTablesAndMakesNoRequest() throws Exception {
        Path page = directory.resolve("report.html");
        CommandResult report = ForkedJvm.java().agentCli("report", "--format", "html", "--out", page.toString(),
                fleetEvents().toString()).run(TIMEOUT);
        assertEquals(2, report.exitCode(), report.toString());
        String html = Files.readString(page);
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"), html);
        assertFalse(FETCHES.matcher(html).find(), "the page names nothing to fetch");

        Path png = directory.resolve("report.png");
        assertEquals(List.of(), render(page, png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        int area = WIDTH * HEIGHT;
        assertTrue(pixelsNear(image, 0xf6f8fa) < area * 0.9, "the page is not blank: it has more than its background");
        assertTrue(pixelsNear(image, 0xffebe9) > 5_000, "the verdict's red box is drawn (inline CSS applied)");
        assertTrue(pixelsNear(image, 0x0072b2) > 300, "the busiest call site's line is drawn (inline SVG rendered)");
        assertTrue(pixelsNear(image, 0xd55e00) > 300, "the second call site's line is drawn");
    }

    @Test
    void theNetworkLogShowsARequestWhenAPageMakesOne() throws Exception {
        Path control = Files.writeString(directory.resolve("control.html"),
                "<!DOCTYPE html><html><body><p>control</p><img src=\"http://127.0.0.1:9/pixel.png\"></body></html>");
        assertEquals(List.of("http://127.0.0.1:9/pixel.png"), render(control, directory.resolve("control.png")));
    }
}
