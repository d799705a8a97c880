package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenSessionTest {
    private final FakeImds imds = new FakeImds();
    private final TestTime time = new TestTime();
    private final Deadline deadline = Deadline.in(60_000);

    @Test
    void reusesTheTokenUntilShortlyBeforeItsTtlEnds() throws Exception {
        TokenSession session = new TokenSession(imds, 600, time);
        session.get("/latest/meta-data/iam/security-credentials/", deadline);
        time.advance(500_000);
        session.get("/latest/meta-data/iam/security-credentials/", deadline);
        assertEquals(1, imds.count("PUT"));
        time.advance(50_000); // 550 s: inside the last tenth of the 600 s TTL
        session.get("/latest/meta-data/iam/security-credentials/", deadline);
        assertEquals(2, imds.count("PUT"));
    }

    @Test
    void followsTheTtlThatImdsEchoes() throws Exception {
        imds.tokenTtlEcho = 60;
        TokenSession session = new TokenSession(imds, 21600, time);
        session.get("/latest/meta-data/", deadline);
        time.advance(55_000);
        session.get("/latest/meta-data/", deadline);
        assertEquals(2, imds.count("PUT"));
    }

    @Test
    void reMintsOnceOn401AndRetries() throws Exception {
        TokenSession session = new TokenSession(imds, 21600, time);
        session.get("/latest/meta-data/", deadline);
        imds.faults.add(401);
        ImdsResponse response = session.get("/latest/meta-data/iam/security-credentials/", deadline);
        assertEquals(200, response.status());
        assertEquals(2, imds.count("PUT"));
    }

    @Test
    void aSecond401IsTerminal() {
        imds.refuseEveryToken = true;
        TokenSession refused = new TokenSession(imds, 21600, time);
        ImdsException e = assertThrows(ImdsException.class, () -> refused.get("/latest/meta-data/", deadline));
        assertEquals(ImdsException.Kind.TOKEN_REFUSED, e.kind());
        assertEquals(2, imds.count("PUT"));
        assertEquals(2, imds.count("GET"));
    }

    @Test
    void a400OnTheTokenPutIsTerminalAndNamesTheOption() {
        imds.faults.add(400);
        TokenSession session = new TokenSession(imds, 21600, time);
        ImdsException e = assertThrows(ImdsException.class, () -> session.get("/latest/meta-data/", deadline));
        assertEquals(ImdsException.Kind.TOKEN_REFUSED, e.kind());
        assertTrue(e.getMessage().startsWith("imds-agent:"));
        assertTrue(e.getMessage().contains("token-ttl"));
        assertEquals(1, imds.requests.size());
    }

    @Test
    void neverSendsATokenLessGet() throws Exception {
        TokenSession session = new TokenSession(imds, 1, time);
        for (int i = 0; i < 5; i++) {
            session.get("/latest/meta-data/instance-id", deadline);
            time.advance(700);
        }
        imds.requests.stream().filter(r -> r.startsWith("GET"))
                .forEach(r -> assertTrue(r.endsWith(TokenSession.TOKEN_HEADER), r));
    }
}
