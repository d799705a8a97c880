package io.imdsagent.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Event;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.HttpExchange;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.policy.CallSite;
import io.imdsagent.policy.ConnectionRules;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.GateOverEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's side of one application connection, over the agent's real core against the emulator (required). */
class RelayedConnectionTest {
    private final List<Event> events = new ArrayList<>();
    private ImdsEmulator emulator;
    private ImdsCore core;
    private CredentialCache cache;

    @BeforeEach
    void start() throws Exception {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("s3access").build().start();
        core = GateOverEmulator.core(emulator);
        cache = GateOverEmulator.cache(core);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private String serve(ImdsV1Mode mode, ConnectionRules.Destination destination, String requests) throws Exception {
        ImdsV1Gate gate = GateOverEmulator.gate(mode, emulator, core, cache, events::add, new CapturedLog().log());
        URI endpoint = URI.create(emulator.baseUrl());
        RelayedConnection.Target target = new RelayedConnection.Target(destination,
                new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), "socket", CallSite.UNKNOWN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // 10 s, as GateOverEmulator's core: the emulator shares this JVM and a loaded machine.
        new RelayedConnection(null, target, gate, new HttpExchange(10_000, 1 << 20))
                .serve(new ByteArrayInputStream(requests.getBytes(StandardCharsets.ISO_8859_1)), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void eachConnectionCarriesOneRequest() throws Exception {
        String answers = serve(ImdsV1Mode.UPGRADE, ConnectionRules.Destination.IMDS,
                "GET /latest/meta-data/instance-id HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /latest/meta-data/instance-id HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n");
        assertTrue(answers.startsWith("HTTP/1.1 200 OK\r\n"), answers);
        assertTrue(answers.endsWith("Connection: close\r\n\r\n" + emulator.instanceId()), answers);
        assertEquals(List.of("imdsv1-upgraded"), events.stream().map(Event::name).toList());
    }

    @Test
    void forwardedRequestsAreRefused() throws Exception {
        String answer = serve(ImdsV1Mode.ALLOW, ConnectionRules.Destination.IMDS,
                "GET /latest/meta-data/instance-id HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 403 Forbidden\r\n"), answer);
        assertTrue(answer.contains("\r\n\r\nimds-agent: refused GET"), answer);
        assertEquals(List.of("forwarded-blocked"), events.stream().map(Event::name).toList());
        assertEquals(0, emulator.requests().size(), emulator.requests().toString());
    }

    @Test
    void theTokenPutGoesOnThroughTheAgentsTransport() throws Exception {
        String answer = serve(ImdsV1Mode.BLOCK, ConnectionRules.Destination.IMDS,
                "PUT /latest/api/token HTTP/1.1\r\nHost: x\r\nX-aws-ec2-metadata-token-ttl-seconds: 60\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("X-aws-ec2-metadata-token-ttl-seconds: 60"), answer);
        assertEquals(1, emulator.requests().tokenPuts(), emulator.requests().toString());
        assertEquals(List.of(), events);
    }

    @Test
    void blockAnswers401WithTheAgentsMessage() throws Exception {
        String answer = serve(ImdsV1Mode.BLOCK, ConnectionRules.Destination.IMDS,
                "GET /latest/meta-data/iam/security-credentials/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 401 Unauthorized\r\n"), answer);
        assertTrue(answer.contains("\r\n\r\nimds-agent: IMDSv1 is blocked"), answer);
        assertEquals(0, emulator.requests().size(), emulator.requests().toString());
    }

    @Test
    void containerEndpointsAreForwardedWithoutImdsv1Rules() throws Exception {
        String answer = serve(ImdsV1Mode.BLOCK, ConnectionRules.Destination.CONTAINER,
                "GET /latest/meta-data/instance-id HTTP/1.1\r\nHost: x\r\n\r\n");
        // The emulator stands in for the container endpoint: required mode, so it answers the token-less GET 401.
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertEquals(1, emulator.requests().size(), emulator.requests().toString());
        assertEquals(List.of(), events);
    }

    @Test
    void somethingThatIsNotHttpIsAnsweredBadRequest() throws Exception {
        String answer = serve(ImdsV1Mode.ALLOW, ConnectionRules.Destination.IMDS, "\u0016\u0003\u0001 hello\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
        assertEquals(0, emulator.requests().size(), emulator.requests().toString());
    }
}
