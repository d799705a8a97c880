package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.imdsagent.policy.ConnectionRules.Destination;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionRulesTest {
    private final ConnectionRules defaults = new ConnectionRules("169.254.169.254", 80);

    @ParameterizedTest(name = "{0}:{1} leads to {2}")
    @CsvSource({
        "169.254.169.254, 80, IMDS",
        "fd00:ec2::254, 80, IMDS",
        "169.254.170.2, 80, CONTAINER",
        "169.254.170.23, 80, CONTAINER",
        "fd00:ec2::23, 80, CONTAINER",
        "169.254.169.254, 443, ",
        "169.254.169.253, 80, ",
        "169.254.170.3, 80, ",
        "fd00:ec2::255, 80, ",
        "127.0.0.1, 80, ",
        "10.0.0.1, 80, ",
        "::1, 80, ",
    })
    void decidesOnTheResolvedAddressAndPort(String address, int port, Destination expected) throws Exception {
        assertEquals(expected, defaults.classify(new InetSocketAddress(InetAddress.getByName(address), port)));
    }

    @Test
    void theEndpointOptionsHostAndPortAreImds() throws Exception {
        ConnectionRules loopback = new ConnectionRules("127.0.0.1", 1338);
        assertEquals(Destination.IMDS, loopback.classify(new InetSocketAddress("127.0.0.1", 1338)));
        assertNull(loopback.classify(new InetSocketAddress("127.0.0.1", 1339)));
        assertEquals(Destination.IMDS, loopback.classify(new InetSocketAddress("169.254.169.254", 80)));
        ConnectionRules ipv6 = new ConnectionRules("[::1]", 1338);
        assertEquals(Destination.IMDS, ipv6.classify(new InetSocketAddress("::1", 1338)));
        assertNull(ipv6.classify(new InetSocketAddress("::2", 1338)));
        ConnectionRules named = new ConnectionRules("imds.test", 8080);
        assertEquals(Destination.IMDS, named.classify(new InetSocketAddress(InetAddress.getByAddress("imds.test",
                new byte[] {10, 0, 0, 1}), 8080)));
    }

    @Test
    void anIpv4MappedIpv6AddressIsItsIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
            (byte) 254};
        assertEquals(Destination.IMDS, defaults.classify(new InetSocketAddress(
                Inet6Address.getByAddress(null, mapped, -1), 80)));
    }

    @Test
    void unresolvedAndOtherAddressesAreLeftToTheJdk() {
        assertNull(defaults.classify(InetSocketAddress.createUnresolved("169.254.169.254", 80)));
        assertNull(defaults.classify(null));
    }
}
