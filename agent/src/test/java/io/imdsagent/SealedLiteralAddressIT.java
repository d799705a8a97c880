package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

/** With no endpoint option the agent aims at the real addresses; here they exist only in a sealed namespace. */
@RequiresSealedNamespace
class SealedLiteralAddressIT {

    @Test
    void checkFindsImdsAtItsDefaultIpv4AndIpv6Addresses() throws Exception {
        SealedResult result = SealedRun.builder().emulatorArgs("--mode", "required", "--role", "s3access")
                .command(ForkedJvm.java().agentCli("check").argv())
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4")
                .run();
        CommandResult ipv4 = result.command(0);
        assertEquals(0, ipv4.exitCode(), ipv4.toString());
        assertTrue(ipv4.stdout().contains("endpoint:    http://169.254.169.254"), ipv4.toString());
        assertTrue(ipv4.stdout().contains("role:        s3access"), ipv4.toString());

        SealedResult ipv6 = SealedRun.builder().emulatorArgs("--mode", "required")
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")
                .command(ForkedJvm.java().agentCli("check").argv())
                .run();
        assertEquals(0, ipv6.command(0).exitCode(), ipv6.command(0).toString());
        assertTrue(ipv6.command(0).stdout().contains("endpoint:    http://[fd00:ec2::254]"), ipv6.command(0).toString());
        assertTrue(ipv6.imdsRequests().tokenPuts() >= 1, ipv6.imdsRequests().toString());
        assertEquals(0, ipv6.imdsRequests().tokenless(), ipv6.imdsRequests().toString());
    }
}
