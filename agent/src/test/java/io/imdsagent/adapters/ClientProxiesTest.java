package io.imdsagent.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Event;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.GateOverEmulator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proxy choices as the advice hands them over, with the JDK's own {@code HttpRequest} and addresses (the libraries'
 * own objects are exercised by the SSRF corpus, which runs each real client through a proxy stub).
 */
class ClientProxiesTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 3128);

    private ImdsEmulator emulator;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CapturedLog log = new CapturedLog();
    private ImdsClients clients;

    @BeforeEach
    void start() throws Exception {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("s3access").build().start();
        ImdsCore core = ImdsCore.create(AgentConfig.load("endpoint=" + emulator.baseUrl(), Map.of(), Map.of()),
                new Redactor());
        clients = new ImdsClients(GateOverEmulator.gate(ImdsV1Mode.UPGRADE, emulator, core,
                () -> core.profile().fetchCredentials(core.profile().newDeadline()), events::add, log.log()),
                log.log());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).build();
    }

    @Test
    void jdkRequestToImdsGoesDirectAndIsReportedOnceHoweverOftenItIsAsked() {
        HttpRequest request = get("http://169.254.169.254/latest/meta-data/instance-id");
        assertNull(clients.proxyChoice("jdk", request, PROXY));
        assertNull(clients.proxyChoice("jdk", request, PROXY));
        assertEquals(1, events.size(), events.toString());
        assertEquals("proxy-bypassed", events.get(0).name());
        assertEquals("jdk", events.get(0).fields().get("client"));
        assertEquals("http://169.254.169.254/", events.get(0).fields().get("url"));
    }

    @Test
    void theEndpointOptionsHostAndPortGoDirectToo() {
        assertNull(clients.proxyChoice("jdk", get(emulator.baseUrl() + "/latest/meta-data/"), PROXY));
    }

    @Test
    void everyOtherTargetKeepsItsProxyAndNothingIsReported() {
        assertSame(PROXY, clients.proxyChoice("jdk", get("http://origin.example:8081/"), PROXY));
        assertSame(PROXY, clients.proxyChoice("jdk", get("http://169.254.169.253/"), PROXY));
        assertEquals(Boolean.TRUE, clients.proxyChoice("reactor-netty", new InetSocketAddress("10.0.0.1", 80),
                Boolean.TRUE));
        assertEquals(List.of(), events);
    }

    @Test
    void containerEndpointsInEveryLiteralSpellingGoDirect() {
        for (String host : new String[] {"169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]",
            "0169.254.170.02", "2852039170", "::ffff:169.254.170.2"}) {
            assertEquals(Boolean.FALSE, clients.proxyChoice("reactor-netty",
                    InetSocketAddress.createUnresolved(host, 80), Boolean.TRUE), host);
        }
        assertEquals(Boolean.FALSE, clients.proxyChoice("reactor-netty",
                InetSocketAddress.createUnresolved("0251.0376.0251.0376", 80), Boolean.TRUE), "octal IMDS");
    }

    @Test
    void aNameIsLeftToTheProxyWhichResolvesIt() {
        assertEquals(Boolean.TRUE, clients.proxyChoice("reactor-netty",
                InetSocketAddress.createUnresolved("instance-data", 80), Boolean.TRUE));
    }

    @Test
    void noProxyChosenCostsNothingAndChangesNothing() {
        assertNull(clients.proxyChoice("jetty", new Object(), null));
        assertEquals(List.of(), events);
    }

    @Test
    void aTargetTheAgentCannotReadKeepsTheLibrarysChoiceAndIsSaidOnce() {
        Object unreadable = new Object();
        assertSame(PROXY, clients.proxyChoice("vertx", unreadable, PROXY));
        assertSame(PROXY, clients.proxyChoice("vertx", unreadable, PROXY));
        assertEquals(1, log.text().split("could not read a vertx proxy choice", -1).length - 1, log.text());
    }
}
