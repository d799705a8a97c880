package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.JmxApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.Companions;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.RunningJvm;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What people scrape JMX with: the Prometheus JMX exporter's Java agent beside imds-agent, in either order,
 * with the exporter configuration the README shows, scraped over loopback. The application never asks for
 * the platform MBean server itself; the exporter does (at its start, or at the first scrape).
 */
class PrometheusJmxExporterIT {
    /** The README's exporter configuration, verbatim. */
    static final String EXPORTER_CONFIG = "includeObjectNames: [\"io.imdsagent:type=Agent\"]\n";
    /** The metric names the README lists. */
    static final List<String> METRICS = List.of("io_imdsagent_Agent_ImdsRequests", "io_imdsagent_Agent_TokenRequests",
            "io_imdsagent_Agent_CredentialRefreshes", "io_imdsagent_Agent_ImdsV1Upgraded",
            "io_imdsagent_Agent_ImdsV1Blocked", "io_imdsagent_Agent_ImdsV1Allowed",
            "io_imdsagent_Agent_SelfAssumeBlocked", "io_imdsagent_Agent_SelfAssumeShortCircuited",
            "io_imdsagent_Agent_SelfAssumeAllowed", "io_imdsagent_Agent_SsrfRefusals",
            "io_imdsagent_Agent_CredentialSecondsLeft");

    @TempDir
    Path directory;
    private ImdsEmulator imds;

    @BeforeEach
    void startImds() throws Exception {
        imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("s3access").build().start();
    }

    @AfterEach
    void stopImds() {
        imds.close();
    }

    @ParameterizedTest(name = "exporter attached first: {0}")
    @ValueSource(booleans = {true, false})
    void theExporterServesTheAgentsMetrics(boolean exporterFirst) throws Exception {
        Path config = Files.writeString(directory.resolve("jmx-exporter.yaml"), EXPORTER_CONFIG);
        int port = freeLoopbackPort();
        String exporter = "-javaagent:" + Companions.PROMETHEUS_JMX_EXPORTER.jar() + "=127.0.0.1:" + port + ":" + config;
        ForkedJvm jvm = ForkedJvm.java();
        if (exporterFirst) {
            jvm.jvmArg(exporter).agent("endpoint=" + imds.baseUrl() + ",timeout=5s,log=warn");
        } else {
            jvm.agent("endpoint=" + imds.baseUrl() + ",timeout=5s,log=warn").jvmArg(exporter);
        }
        jvm.main(ForkedJvm.testClassPath(), JmxApp.class, "wait", imds.baseUrl(), "60000");
        try (RunningJvm app = RunningJvm.start(jvm)) {
            app.awaitLine("ready", Duration.ofSeconds(60));
            String metrics = scrape(port);
            for (String metric : METRICS) {
                assertTrue(metrics.lines().anyMatch(line -> line.startsWith(metric + " ")), metric + "\n" + metrics);
            }
            assertTrue(metrics.contains("\nio_imdsagent_Agent_ImdsV1Upgraded 2.0\n"), metrics);
            assertTrue(metrics.contains("\nio_imdsagent_Agent_SsrfRefusals 1.0\n"), metrics);
            assertTrue(metrics.contains("\nio_imdsagent_Agent_TokenRequests 1.0\n"), metrics);
            assertFalse(app.stderr().contains("Exception"), app.toString());
        }
    }

    private static String scrape(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
