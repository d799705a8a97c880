package io.imdsagent.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.GateOverEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code java.net.http.HttpClient} requests as the hook hands them over, against the emulator on loopback. */
class JdkHttpClientRequestsTest {
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

    private JdkHttpClientRequests requests(ImdsV1Mode mode) {
        return new JdkHttpClientRequests(GateOverEmulator.gate(mode, emulator, core,
                () -> core.profile().fetchCredentials(core.profile().newDeadline()), event -> { },
                new CapturedLog().log()));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).build();
    }

    @SuppressWarnings("unchecked")
    private static <T> HttpResponse<T> response(Object future) throws Exception {
        return ((CompletableFuture<HttpResponse<T>>) future).get();
    }

    @Test
    void upgradeAnswersThroughTheApplicationsBodyHandler() throws Exception {
        HttpRequest request = get("/latest/meta-data/instance-id");
        HttpResponse<String> text = response(requests(ImdsV1Mode.UPGRADE).answer(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, text.statusCode());
        assertEquals(emulator.instanceId(), text.body());
        assertEquals("text/plain", text.headers().firstValue("content-type").orElseThrow());
        assertEquals(request, text.request());
        assertEquals(HttpClient.Version.HTTP_1_1, text.version());

        HttpResponse<InputStream> stream = response(requests(ImdsV1Mode.UPGRADE)
                .answer(get("/latest/meta-data/nothing"), HttpResponse.BodyHandlers.ofInputStream()));
        assertEquals(404, stream.statusCode());
        try (InputStream body = stream.body()) {
            assertTrue(new String(body.readAllBytes()).contains("404"));
        }
        assertEquals(0, emulator.requests().tokenless(), emulator.requests().toString());
    }

    @Test
    void blockIsAFailedFutureWithTheRefusal() throws Exception {
        Object future = requests(ImdsV1Mode.BLOCK).answer(get("/latest/meta-data/instance-id"),
                HttpResponse.BodyHandlers.ofString());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> response(future));
        assertInstanceOf(IOException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().startsWith("imds-agent: IMDSv1 is blocked"));
    }

    @Test
    void tokenedRequestsAndOtherHostsAreSentByTheClient() throws Exception {
        HttpRequest tokened = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/latest/meta-data/instance-id"))
                .header("X-aws-ec2-metadata-token", "t").build();
        assertNull(requests(ImdsV1Mode.BLOCK).answer(tokened, HttpResponse.BodyHandlers.ofString()));
        assertNull(requests(ImdsV1Mode.BLOCK).answer(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
