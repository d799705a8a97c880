package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Event;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.GateOverEmulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate over the agent's real IMDSv2 core, against the emulator in required mode over loopback. */
class ImdsV1GateTest {
    private static final String CREDENTIALS = ImdsEmulator.CREDENTIALS_PATH + "s3access";

    private final List<Event> events = new ArrayList<>();
    private final CapturedLog log = new CapturedLog();
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

    private ImdsV1Gate gate(ImdsV1Mode mode) {
        return GateOverEmulator.gate(mode, emulator, core, cache, events::add, log.log());
    }

    private static ImdsRequest get(String path) {
        return new ImdsRequest("TestClient", "GET", "http", "169.254.169.254", -1, path, false);
    }

    private static String body(ImdsV1Decision decision) {
        return new String(decision.answer().body(), StandardCharsets.UTF_8);
    }

    @Test
    void upgradeServesWhatImdsGivesATokenedRequest() {
        ImdsV1Gate gate = gate(ImdsV1Mode.UPGRADE);
        ImdsV1Decision instanceId = gate.decide(get("/latest/meta-data/instance-id"));
        assertEquals(200, instanceId.answer().status());
        assertEquals(emulator.instanceId(), body(instanceId));
        assertEquals("text/plain", instanceId.answer().contentType());

        ImdsV1Decision missing = gate.decide(get("/latest/meta-data/no-such-thing"));
        assertEquals(404, missing.answer().status());
        assertEquals("Not Found", missing.answer().reason());
        assertEquals("text/html", missing.answer().contentType());
        assertEquals(0, emulator.requests().tokenless(), emulator.requests().toString());
    }

    @Test
    void upgradeServesTheRoleAndItsCredentialsFromTheCacheOncePerRotation() throws Exception {
        ImdsV1Gate gate = gate(ImdsV1Mode.UPGRADE);
        assertEquals("s3access", body(gate.decide(get(ImdsEmulator.CREDENTIALS_PATH))));
        assertEquals("s3access", body(gate.decide(get("/latest/meta-data/iam/security-credentials"))));
        for (int i = 0; i < 3; i++) {
            ImdsV1Decision document = gate.decide(get(CREDENTIALS));
            JsonNode json = new ObjectMapper().readTree(document.answer().body());
            assertEquals("Success", json.get("Code").asText());
            assertEquals("AWS-HMAC", json.get("Type").asText());
            assertEquals(emulator.currentCredentials().accessKeyId(), json.get("AccessKeyId").asText());
            assertTrue(json.get("Expiration").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
            assertFalse(document.toString().contains(json.get("SecretAccessKey").asText()));
        }
        assertEquals(1, emulator.requests().gets(CREDENTIALS), emulator.requests().toString());
        assertEquals(1, emulator.requests().gets(ImdsEmulator.CREDENTIALS_PATH), emulator.requests().toString());
        // Another role's path is what IMDS says it is.
        assertEquals(404, gate.decide(get(ImdsEmulator.CREDENTIALS_PATH + "other")).answer().status());
    }

    @Test
    void tokenedRequestsAndTheTokenPutPassInEveryMode() {
        for (ImdsV1Mode mode : ImdsV1Mode.values()) {
            ImdsV1Gate gate = gate(mode);
            assertSame(ImdsV1Decision.PASS, gate.decide(
                    new ImdsRequest("TestClient", "GET", "http", "169.254.169.254", 80, "/latest/meta-data/", true)));
            assertSame(ImdsV1Decision.PASS, gate.decide(
                    new ImdsRequest("TestClient", "PUT", "http", "169.254.169.254", 80, "/latest/api/token", false)));
        }
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void blockRefusesWithAnImdsAgentMessageAndReportsTheCaller() {
        ImdsV1Decision decision = gate(ImdsV1Mode.BLOCK).decide(get("/latest/meta-data/instance-id"));
        String message = decision.refusal().getMessage();
        assertTrue(message.startsWith("imds-agent: IMDSv1 is blocked: GET http://169.254.169.254/latest/meta-data/instance-id"),
                message);
        assertTrue(message.contains("imdsv1=upgrade"), message);
        assertEquals(0, emulator.requests().size());
        Event event = events.get(0);
        assertEquals("imdsv1-blocked", event.name());
        assertTrue(event.caller().startsWith("org.junit."), event.toString());
        assertEquals("TestClient", event.fields().get("client"));
        assertTrue(log.text().contains("warning: blocked an IMDSv1 call"), log.text());
    }

    @Test
    void allowPassesAndReports() {
        assertSame(ImdsV1Decision.PASS, gate(ImdsV1Mode.ALLOW).decide(get("/latest/meta-data/instance-id")));
        assertEquals("imdsv1-allowed", events.get(0).name());
        assertEquals(1L, ((Number) events.get(0).fields().get("count")).longValue());
    }

    @Test
    void anUnreachableImdsFailsTheUpgradedCallWithTheAgentsReason() {
        emulator.close();
        ImdsV1Decision decision = gate(ImdsV1Mode.UPGRADE).decide(get("/latest/meta-data/instance-id"));
        assertNull(decision.answer());
        assertTrue(decision.refusal().getMessage().startsWith("imds-agent: "), decision.refusal().getMessage());
        assertEquals("imdsv1-upgraded", events.get(0).name());
        assertTrue(events.get(0).fields().containsKey("error"), events.get(0).toString());
    }

    @Test
    void otherMethodsThanGetAreAnsweredAsImdsAnswersThem() {
        ImdsV1Decision decision = gate(ImdsV1Mode.UPGRADE).decide(
                new ImdsRequest("TestClient", "POST", "http", "169.254.169.254", -1, "/latest/meta-data/", false));
        assertEquals(405, decision.answer().status());
    }

    @Test
    void aForwardedRequestIsRefusedInEveryModeEvenWithAToken() throws Exception {
        for (ImdsV1Mode mode : ImdsV1Mode.values()) {
            ImdsRequest forwarded = new ImdsRequest("TestClient", "GET", "http", "169.254.169.254", -1, CREDENTIALS, true)
                    .withHeaders(name -> name.equals("X-Forwarded-For"));
            ImdsV1Decision decision = gate(mode).decide(forwarded);
            assertFalse(decision.passes(), mode.toString());
            assertNull(decision.answer(), mode.toString());
            assertTrue(decision.refusal().getMessage().startsWith("imds-agent: refused GET"), decision.refusal().getMessage());
            assertTrue(decision.refusal().getMessage().contains("X-Forwarded-For"), decision.refusal().getMessage());
        }
        assertEquals(3, events.stream().filter(e -> e.name().equals("forwarded-blocked")).count());
        assertEquals(0, emulator.requests().size(), "nothing may reach IMDS");
    }

    @Test
    void anXmlProcessorResolvingAnEntityIsRefused() throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        ImdsV1Gate gate = gate(ImdsV1Mode.UPGRADE);
        List<ImdsV1Decision> decisions = new ArrayList<>();
        javax.xml.parsers.DocumentBuilder builder = factory.newDocumentBuilder();
        // The resolver runs inside the JDK's Xerces, as the entity fetch itself would.
        builder.setEntityResolver((publicId, systemId) -> {
            decisions.add(gate.decide(get(URI.create(systemId).getPath())));
            return new org.xml.sax.InputSource(new java.io.StringReader(""));
        });
        builder.parse(new org.xml.sax.InputSource(new java.io.StringReader("<?xml version=\"1.0\"?>"
                + "<!DOCTYPE r [<!ENTITY x SYSTEM \"http://169.254.169.254" + CREDENTIALS + "\">]><r>&x;</r>")));
        assertEquals(1, decisions.size());
        assertTrue(decisions.get(0).refusal().getMessage().contains("XML processor"), decisions.get(0).toString());
        assertEquals(1, events.stream().filter(e -> e.name().equals("xml-blocked")).count());
        assertEquals(0, emulator.requests().size(), "nothing may reach IMDS");
        assertTrue(gate.decide(get(CREDENTIALS)).answer() != null, "outside the parser the same request is upgraded");
    }

    @Test
    void refusalsStandWhenFindingTheCallerFails() throws Exception {
        CallerFinder denied = new CallerFinder() {
            @Override
            public CallSite find() {
                throw new SecurityException("access denied (\"java.lang.RuntimePermission\" \"getProtectionDomain\")");
            }
        };
        URI endpoint = URI.create(emulator.baseUrl());
        for (ImdsV1Mode mode : ImdsV1Mode.values()) {
            ImdsV1Gate gate = new ImdsV1Gate(mode, new ImdsAddresses(endpoint.getHost(), endpoint.getPort()),
                    new ImdsV2Answers(() -> core, () -> cache), denied, new CallSiteEvents(event -> {
                        throw new IllegalStateException("events broken too");
                    }, log.log(), java.time.Clock.systemUTC()));
            ImdsRequest forwarded = new ImdsRequest("TestClient", "GET", "http", "169.254.169.254", -1, "/latest/",
                    true).withHeaders(name -> name.equals("Via"));
            assertEquals(403, gate.decide(forwarded).refusalStatus(), mode.toString());
            assertTrue(gate.decide(forwarded).refusal().getMessage().startsWith("imds-agent: refused"));
            if (mode == ImdsV1Mode.BLOCK) {
                ImdsV1Decision blocked = gate.decide(get("/latest/meta-data/instance-id"));
                assertEquals(401, blocked.refusalStatus());
                assertTrue(blocked.refusal().getMessage().startsWith("imds-agent: IMDSv1 is blocked"));
            }
        }
    }

    @Test
    void aRequestAllowedByItsClientsHookIsReportedOnceWhenItReachesTheRelay() {
        ImdsV1Gate gate = gate(ImdsV1Mode.ALLOW);
        ImdsRequest request = get("/latest/meta-data/instance-id");
        assertSame(ImdsV1Decision.PASS, gate.decide(request));
        assertSame(ImdsV1Decision.PASS, gate.decideRelayed(request, CallSite.UNKNOWN));
        assertEquals(1, events.size(), events.toString());
        // Another request straight to the relay (a client without a hook) is reported there.
        assertSame(ImdsV1Decision.PASS, gate.decideRelayed(request, CallSite.UNKNOWN));
        assertEquals(2, events.size(), events.toString());
    }

    @Test
    void containerEndpointsGetTheSsrfRulesOnly() throws Exception {
        ImdsV1Gate gate = gate(ImdsV1Mode.BLOCK);
        ImdsRequest plain = new ImdsRequest("socket", "GET", "http", "169.254.170.2", -1, "/v2/credentials/x", false);
        assertSame(ImdsV1Decision.PASS, gate.decideContainer(plain.withHeaders(name -> false), CallSite.UNKNOWN));
        ImdsRequest forwarded = new ImdsRequest("socket", "GET", "http", "169.254.170.2", -1, "/v2/credentials/x",
                false).withHeaders(name -> name.equals("Forwarded"));
        assertEquals(403, gate.decideContainer(forwarded, CallSite.UNKNOWN).refusalStatus());
        assertEquals("forwarded-blocked", events.get(0).name());
    }
}
