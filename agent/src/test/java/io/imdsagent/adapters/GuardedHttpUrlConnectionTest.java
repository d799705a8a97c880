package io.imdsagent.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Event;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.GateOverEmulator;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wrapped {@code HttpURLConnection} against the emulator (IMDSv2 required) over loopback, with the
 * emulator as the agent's endpoint: what an application sees through the JDK's API in each mode.
 */
class GuardedHttpUrlConnectionTest {
    private final List<Event> events = new ArrayList<>();
    private final CapturedLog log = new CapturedLog();
    private ImdsEmulator emulator;
    private ImdsCore core;

    @BeforeEach
    void start() throws Exception {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("s3access").build().start();
        core = ImdsCore.create(AgentConfig.load("endpoint=" + emulator.baseUrl(), Map.of(), Map.of()), new Redactor());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ImdsClients clients(ImdsV1Mode mode) {
        ImdsV1Gate gate = GateOverEmulator.gate(mode, emulator, core,
                () -> core.profile().fetchCredentials(core.profile().newDeadline()),
                events::add, log.log());
        return new ImdsClients(gate, log.log());
    }

    /** What the bridge answers the JDK's http handler asked for a connection (the handler is not rewritten here). */
    private HttpURLConnection open(ImdsV1Mode mode, String path) throws IOException {
        URL url = new URL(emulator.baseUrl() + path);
        return (HttpURLConnection) clients(mode).connection(url, null);
    }

    private static String read(InputStream in) throws IOException {
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void otherHostsAreLeftToTheJdk() throws IOException {
        URL url = new URL("http://127.0.0.1:9/latest/meta-data/instance-id");
        assertNull(clients(ImdsV1Mode.BLOCK).connection(url, null));
    }

    @Test
    void upgradeServesTheAnswerThroughTheJdksApi() throws IOException {
        HttpURLConnection connection = open(ImdsV1Mode.UPGRADE, "/latest/meta-data/instance-id");
        connection.setConnectTimeout(1000);
        connection.connect();
        assertEquals(200, connection.getResponseCode());
        assertEquals("OK", connection.getResponseMessage());
        assertEquals("HTTP/1.1 200 OK", connection.getHeaderField(0));
        assertEquals("text/plain", connection.getContentType());
        assertEquals(emulator.instanceId().length(), connection.getContentLengthLong());
        assertEquals("Content-Type", connection.getHeaderFieldKey(1));
        assertEquals(List.of("HTTP/1.1 200 OK"), connection.getHeaderFields().get(null));
        assertEquals(emulator.instanceId(), read(connection.getInputStream()));
        assertNull(connection.getErrorStream());
        assertThrows(IllegalStateException.class, () -> connection.setRequestProperty("Accept", "*/*"));
        assertEquals(0, emulator.requests().tokenless(), emulator.requests().toString());
        assertEquals("imdsv1-upgraded", events.get(0).name());
    }

    @Test
    void a404IsServedAsTheJdkPresentsIt() throws IOException {
        HttpURLConnection connection = open(ImdsV1Mode.UPGRADE, "/latest/meta-data/nothing-here");
        assertThrows(FileNotFoundException.class, connection::getInputStream);
        assertEquals(404, connection.getResponseCode());
        assertEquals("Not Found", connection.getResponseMessage());
        assertTrue(read(connection.getErrorStream()).contains("404"));
    }

    @Test
    void blockRefusesFromEveryCallThatSendsAndReportsNoHeaders() throws IOException {
        HttpURLConnection connection = open(ImdsV1Mode.BLOCK, "/latest/meta-data/instance-id");
        IOException refused = assertThrows(IOException.class, connection::getResponseCode);
        assertTrue(refused.getMessage().startsWith("imds-agent: IMDSv1 is blocked"), refused.getMessage());
        assertThrows(IOException.class, connection::connect);
        assertThrows(IOException.class, connection::getInputStream);
        assertNull(connection.getHeaderField("Content-Type"));
        assertNull(connection.getErrorStream());
        assertEquals(0, emulator.requests().size(), emulator.requests().toString());
    }

    @Test
    void allowSendsTheRequestAsItIs() throws IOException {
        HttpURLConnection connection = open(ImdsV1Mode.ALLOW, "/latest/meta-data/instance-id");
        assertEquals(401, connection.getResponseCode());
        assertEquals(1, emulator.requests().tokenless());
        assertEquals("imdsv1-allowed", events.get(0).name());
    }

    @Test
    void theTokenPutAndTokenedRequestsPassUntouchedInBlockMode() throws IOException {
        HttpURLConnection put = open(ImdsV1Mode.BLOCK, "/latest/api/token");
        put.setRequestMethod("PUT");
        put.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", "60");
        put.setDoOutput(true);
        try (OutputStream out = put.getOutputStream()) {
            out.flush();
        }
        String token = read(put.getInputStream());
        HttpURLConnection get = open(ImdsV1Mode.BLOCK, "/latest/meta-data/instance-id");
        get.setRequestProperty("X-aws-ec2-metadata-token", token);
        assertEquals(200, get.getResponseCode());
        assertEquals(emulator.instanceId(), read(get.getInputStream()));
        assertEquals(List.of(), events);
    }
}
