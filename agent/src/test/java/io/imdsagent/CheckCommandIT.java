package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.IssuedCredentials;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code java -jar imds-agent.jar check}: what it found, or the likely cause; never a secret. */
class CheckCommandIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private ImdsEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("s3access")
                .account("123456789012").build().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void healthyImdsReportsTokenRoleAccountAndExpiryButNoSecret() throws Exception {
        CommandResult result = ForkedJvm.java().agentCli("check", "endpoint=" + emulator.baseUrl()).run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        IssuedCredentials issued = emulator.currentCredentials();
        assertTrue(result.stdout().contains("token:       issued"), result.toString());
        assertTrue(result.stdout().contains("role:        s3access"), result.toString());
        assertTrue(result.stdout().contains("account:     123456789012"), result.toString());
        assertTrue(result.stdout().contains(issued.accessKeyId()), result.toString());
        assertTrue(result.stdout().contains("result:      healthy"), result.toString());
        assertFalse(result.stdout().contains(issued.secretAccessKey()) || result.stderr().contains(issued.secretAccessKey()));
        assertFalse(result.stdout().contains(issued.sessionToken()) || result.stderr().contains(issued.sessionToken()));
        assertEquals(0, emulator.requests().tokenless(), emulator.requests().toString());
    }

    @Test
    void nothingListeningMeansNotOnEc2() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        CommandResult result = ForkedJvm.java().agentCli("check", "endpoint=http://127.0.0.1:" + freePort).run(TIMEOUT);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("this is not an EC2 instance"), result.toString());
    }

    @Test
    void aTokenPutThatHangsWhileGetsAnswerPointsAtTheHopLimit() throws Exception {
        emulator.hangTokenPut(true);
        CommandResult result = ForkedJvm.java().agentCli("check", "endpoint=" + emulator.baseUrl() + ",timeout=300ms")
                .run(TIMEOUT);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("HttpPutResponseHopLimit"), result.toString());
    }

    @Test
    void noArgumentPrintsUsage() throws Exception {
        CommandResult result = ForkedJvm.java().agentCli().run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("java -jar imds-agent.jar check"), result.toString());
        assertTrue(result.stdout().contains("attach PID"), result.toString());
    }

    @Test
    void aBadOptionIsNamed() throws Exception {
        CommandResult result = ForkedJvm.java().agentCli("check", "timeout=forever").run(TIMEOUT);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().startsWith("imds-agent:") && result.stderr().contains("timeout"), result.toString());
    }
}
