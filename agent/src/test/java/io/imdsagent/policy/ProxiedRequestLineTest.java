package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxiedRequestLineTest {
    private final ProxiedRequestLine defaults = new ProxiedRequestLine(new ImdsAddresses("169.254.169.254", 80));
    private final ProxiedRequestLine namedEndpoint = new ProxiedRequestLine(new ImdsAddresses("imds.test", 8080));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1   | GET http://169.254.169.254/latest/meta-data/",
        "GET http://169.254.169.254:80/latest HTTP/1.1           | GET http://169.254.169.254:80/latest",
        "PUT https://169.254.169.254/latest/api/token HTTP/1.1   | PUT https://169.254.169.254/latest/api/token",
        "GET HTTP://169.254.169.254/ HTTP/1.1                     | GET http://169.254.169.254/",
        "GET http://2852039166/latest HTTP/1.1                    | GET http://2852039166/latest",
        "GET http://0169.254.43518/ HTTP/1.1                      | GET http://0169.254.43518/",
        "GET http://0xA9FEA9FE/ HTTP/1.1                          | GET http://0xA9FEA9FE/",
        "GET http://[fd00:ec2::254]/latest HTTP/1.1               | GET http://[fd00:ec2::254]/latest",
        "GET http://[::ffff:a9fe:a9fe]:80/ HTTP/1.1               | GET http://[::ffff:a9fe:a9fe]:80/",
        "GET http://user:secret@169.254.169.254/ HTTP/1.1         | GET http://169.254.169.254/",
        "GET http://169.254.169.254?x HTTP/1.1                    | GET http://169.254.169.254?x",
        "GET http://169.254.170.2/v2/credentials/x HTTP/1.1       | GET http://169.254.170.2/v2/credentials/x",
        "GET http://169.254.170.23/v1/credentials HTTP/1.1        | GET http://169.254.170.23/v1/credentials",
        "GET http://[fd00:ec2::23]/v1/credentials HTTP/1.1        | GET http://[fd00:ec2::23]/v1/credentials",
        "CONNECT 169.254.169.254:80 HTTP/1.1                      | CONNECT http://169.254.169.254:80/",
        "CONNECT 169.254.169.254:443 HTTP/1.1                     | CONNECT http://169.254.169.254:443/",
        "CONNECT [fd00:ec2::254]:80 HTTP/1.1                      | CONNECT http://[fd00:ec2::254]:80/",
        "CONNECT 169.254.170.2:80 HTTP/1.1                        | CONNECT http://169.254.170.2:80/",
        "CONNECT fd00:ec2::254 HTTP/1.1                           | CONNECT http://[fd00:ec2::254]/",
        "CONNECT fd00:ec2::254:80 HTTP/1.1                        | CONNECT http://[fd00:ec2::254]:80/",
        "CONNECT fd00:ec2::23:443 HTTP/1.1                        | CONNECT http://[fd00:ec2::23]:443/",
        "\\r\\nGET http://169.254.169.254/ HTTP/1.1               | GET http://169.254.169.254/",
        // not a proxied request to IMDS: origin form, other hosts, names only a proxy resolves, other protocols
        "GET / HTTP/1.1                                           | ",
        "GET /latest/meta-data/ HTTP/1.1                          | ",
        "GET http://origin.example:8081/ HTTP/1.1                 | ",
        "GET http://10.1.2.3/ HTTP/1.1                            | ",
        "GET http://169.254.169.253/ HTTP/1.1                     | ",
        "GET http://[fd00:ec2::253]/ HTTP/1.1                     | ",
        "GET http://instance-data/latest HTTP/1.1                 | ",
        "CONNECT origin.example:443 HTTP/1.1                      | ",
        "CONNECT 10.1.2.3:443 HTTP/1.1                            | ",
        "CONNECT fd00:ec2::253:80 HTTP/1.1                        | ",
        "get http://169.254.169.254/ HTTP/1.1                     | ",
        "GET ftp://169.254.169.254/ HTTP/1.1                      | ",
        "GET  http://169.254.169.254/ HTTP/1.1                    | GET http://169.254.169.254/",
        "GET http://169.254.169.254:8o/ HTTP/1.1                  | ",
        "GETTINGVERYLONGMETHODNAMES http://169.254.169.254/ H     | ",
        "SSH-2.0-OpenSSH_9.6                                      | ",
    })
    void recognisesRequestLinesToImdsThroughAProxy(String line, String expected) {
        String text = line.replace("\\r\\n", "\r\n") + "\r\nHost: x\r\n\r\n";
        ImdsRequest found = defaults.find("socket", bytes(text), 0, text.length());
        assertEquals(expected, found == null ? null : found.method() + " " + found.url());
    }

    @Test
    void aHostNotAllInTheFirstWriteIsNotSeen() {
        assertNull(defaults.find("socket", bytes("GET http://169.254.169.254"), 0, 26));
        assertNull(defaults.find("socket", bytes("CONNECT 169.254.169.254:80"), 0, 26));
        byte[] split = bytes("XXGET http://169.254.169.254/ HTTP/1.1");
        assertNull(defaults.find("socket", split, 2, 20));
        assertEquals("GET http://169.254.169.254/", defaults.find("socket", split, 2, split.length - 2).method()
                + " " + defaults.find("socket", split, 2, split.length - 2).url());
    }

    @Test
    void theEndpointsNameAndPortAreImds() {
        assertEquals("http://IMDS.test:8080/latest", url(namedEndpoint, "GET http://IMDS.test:8080/latest HTTP/1.1"));
        assertEquals("http://imds.test:8080/", url(namedEndpoint, "CONNECT imds.test:8080 HTTP/1.1"));
        assertNull(url(namedEndpoint, "GET http://imds.test:8081/latest HTTP/1.1"));
        assertNull(url(namedEndpoint, "GET http://imds.tess:8080/latest HTTP/1.1"));
        assertEquals("http://169.254.169.254/", url(namedEndpoint, "GET http://169.254.169.254/ HTTP/1.1"));
    }

    private static String url(ProxiedRequestLine line, String requestLine) {
        byte[] write = bytes(requestLine + "\r\n\r\n");
        ImdsRequest found = line.find("netty", write, 0, write.length);
        return found == null ? null : found.url();
    }

    @Test
    void anOffsetAndLengthOutsideTheArrayLeaveTheWriteToFailOnItsOwn() {
        byte[] request = bytes("GET http://169.254.169.254/ HTTP/1.1\r\n");
        assertNull(defaults.find("socket", request, -1, 10));
        assertNull(defaults.find("socket", request, 5, request.length));
        assertNull(defaults.find("socket", request, 0, -1));
        assertNull(defaults.find("socket", new byte[0], 0, 0));
    }

    @Test
    void buffersAreReadFromTheirPositionAndNotMoved() {
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
            buffer.put(bytes("xxxxCONNECT 169.254.169.254:80 HTTP/1.1\r\n\r\n")).flip().position(4);
            assertEquals("http://169.254.169.254:80/", defaults.find("socket-channel", buffer).url());
            assertEquals(4, buffer.position());
            buffer.position(5);
            assertNull(defaults.find("socket-channel", buffer));
        }
    }

    @Test
    void otherBufferTypesAreReadThroughTheirOwnAccessor() {
        StringBuilder text = new StringBuilder("..GET https://[fd00:ec2::254]/x HTTP/1.1\r\n");
        ProxiedRequestLine.Bytes chars = new ProxiedRequestLine.Bytes() {
            @Override
            protected int at(Object buffer, int index) {
                return ((CharSequence) buffer).charAt(index);
            }
        };
        assertEquals("https://[fd00:ec2::254]/x", defaults.find("netty", text, 2, text.length() - 2, chars).url());
    }

    /** What every write of the JVM pays: origin-form requests, TLS records, proxied requests to other names. */
    @Test
    void writesThatAreNotProxiedImdsRequestsAllocateNothing() {
        byte[][] writes = {bytes("GET /index.html HTTP/1.1\r\nHost: origin.example\r\n\r\n"),
            {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03},
            bytes("GET http://origin.example:8081/ HTTP/1.1\r\n"), bytes("CONNECT origin.example:443 HTTP/1.1\r\n")};
        ByteBuffer direct = ByteBuffer.allocateDirect(64).put(writes[0]);
        direct.flip();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int found = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 20_000; i++) {
                for (byte[] write : writes) {
                    found += defaults.find("socket", write, 0, write.length) == null ? 0 : 1;
                }
                found += defaults.find("socket-channel", direct) == null ? 0 : 1;
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            // the first round may load and compile; the second must allocate nothing per write (a few bytes of
            // the measurement itself aside)
            if (round == 1) {
                assertTrue(allocated < 2_000, allocated + " bytes for 100000 writes");
            }
        }
        assertEquals(0, found);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
