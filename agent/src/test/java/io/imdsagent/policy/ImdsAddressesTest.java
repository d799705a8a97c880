package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImdsAddressesTest {
    private final ImdsAddresses defaults = new ImdsAddresses("169.254.169.254", 80);
    private final ImdsAddresses loopbackEndpoint = new ImdsAddresses("127.0.0.1", 1338);
    private final ImdsAddresses namedEndpoint = new ImdsAddresses("imds.test", 8080);

    @ParameterizedTest(name = "{0}:{1} is IMDS: {2}")
    @CsvSource({
        "169.254.169.254, -1, true",
        "169.254.169.254, 80, true",
        "169.254.169.254, 8080, true",
        "2852039166, -1, true",
        "0xA9FEA9FE, -1, true",
        "0xa9fea9fe, -1, true",
        "0251.0376.0251.0376, -1, true",
        "0xa9.0xfe.0xa9.0xfe, -1, true",
        "169.254.43518, -1, true",
        "169.16689662, -1, true",
        "0251.254.169.254, -1, true",
        "0169.254.43518, -1, true",
        "02852039166, -1, true",
        "0169.0254.0169.0254, -1, true",
        "[fd00:ec2::254], -1, true",
        "fd00:ec2::254, -1, true",
        "[FD00:EC2:0:0:0:0:0:254], -1, true",
        "[fd00:ec2:0::254], -1, true",
        "[fd00:0ec2::0254], -1, true",
        "[fd00:ec2::254%lo], -1, true",
        "[::ffff:169.254.169.254], -1, true",
        "[::ffff:a9fe:a9fe], -1, true",
        "169.254.169.253, -1, false",
        "169.254.169.2540, -1, false",
        "169.254.169.254.1, -1, false",
        "256.254.169.254, -1, false",
        "0xA9FEA9FE0, -1, false",
        "09.254.169.254, -1, false",
        "[fd00:ec2::255], -1, false",
        "[::169.254.169.254], -1, false",
        "[fd00:ec2::254::1], -1, false",
        "[fd00:ec2:1:2:3:4:5:6:254], -1, false",
        "127.0.0.1, 1338, false",
        "localhost, -1, false",
        "example.com, 80, false",
        "169.254.169.254.nip.io, 80, false",
        "'', 80, false",
    })
    void recognisesEverySpellingOfTheImdsAddresses(String host, int port, boolean imds) {
        assertEquals(imds, defaults.isImds("http", host, port));
    }

    @ParameterizedTest(name = "{0}:{1} is the endpoint 127.0.0.1:1338: {2}")
    @CsvSource({
        "127.0.0.1, 1338, true",
        "2130706433, 1338, true",
        "0x7f.1, 1338, true",
        "[::ffff:127.0.0.1], 1338, true",
        "127.0.0.1, 80, false",
        "127.0.0.1, -1, false",
        "127.0.0.2, 1338, false",
        "localhost, 1338, false",
        "169.254.169.254, -1, true",
    })
    void theEndpointCountsWithItsPort(String host, int port, boolean imds) {
        assertEquals(imds, loopbackEndpoint.isImds("http", host, port));
    }

    @ParameterizedTest(name = "{0}://{1}:{2} is the endpoint imds.test:8080: {3}")
    @CsvSource({
        "http, imds.test, 8080, true",
        "http, IMDS.Test, 8080, true",
        "http, imds.test, -1, false",
        "https, imds.test, 443, false",
        "http, imds.testing, 8080, false",
    })
    void aNamedEndpointIsComparedByName(String scheme, String host, int port, boolean imds) {
        assertEquals(imds, namedEndpoint.isImds(scheme, host, port));
    }

    @ParameterizedTest(name = "the default port of {0} is {1}")
    @CsvSource({"http, 80", "https, 443"})
    void anEndpointWithoutAPortTakesTheSchemesDefault(String scheme, int port) {
        ImdsAddresses endpoint = new ImdsAddresses("[fd00:ec2::1]", port);
        assertEquals(true, endpoint.isImds(scheme, "fd00:ec2::1", -1));
        assertEquals(false, endpoint.isImds(scheme, "fd00:ec2::1", 1234));
    }
}
