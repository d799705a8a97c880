package io.imdsagent.handler;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Event;
import io.imdsagent.policy.CallSiteEvents;
import io.imdsagent.policy.CallerFinder;
import io.imdsagent.policy.ImdsAddresses;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.policy.ProxiedRequestLine;
import io.imdsagent.testing.SampleApp;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The guard the bridge hands every TCP write to: what it refuses and reports, on each form of bytes the hooks pass
 * (Netty's own buffers, loaded from the netty sample app, among them), and what it does when something fails.
 */
class ProxiedWriteGuardTest {
    private static final String TO_IMDS = "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String ELSEWHERE = "GET http://origin.example/ HTTP/1.1\r\nHost: origin.example\r\n\r\n";

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final ProxiedWriteGuard guard = new ProxiedWriteGuard(line(), gate());

    @Test
    void aRequestLineToImdsThroughAProxyIsRefusedAndReported() {
        IOException refusal = assertThrows(IOException.class,
                () -> guard.check(bytes("xx" + TO_IMDS), 2, TO_IMDS.length(), "socket"));
        assertTrue(refusal.getMessage().startsWith("imds-agent: refused GET http://169.254.169.254/latest/meta-data/:"
                + " the request asks an HTTP proxy for IMDS"), refusal.getMessage());
        assertEquals(1, events.size());
        Event event = events.get(0);
        assertEquals("proxy-blocked", event.name());
        assertEquals("socket", event.fields().get("client"));
        assertEquals("http://169.254.169.254/latest/meta-data/", event.fields().get("url"));
    }

    @Test
    void aGatheringWriteIsReadFromItsFirstBufferThatHoldsAnything() {
        ByteBuffer[] buffers = {ByteBuffer.wrap(bytes(ELSEWHERE)), ByteBuffer.allocate(0),
            ByteBuffer.wrap(bytes("CONNECT 169.254.170.2:80 HTTP/1.1\r\n\r\n"))};
        assertDoesNotThrow(() -> guard.check(buffers, 0, 3, "socket-channel"));
        IOException refusal = assertThrows(IOException.class, () -> guard.check(buffers, 1, 2, "socket-channel"));
        assertTrue(refusal.getMessage().contains("asks an HTTP proxy for a container credential endpoint"),
                refusal.getMessage());
        assertDoesNotThrow(() -> guard.check(buffers, 1, 1, "socket-channel"));
        assertDoesNotThrow(() -> guard.check(buffers, 3, 0, "socket-channel"));
    }

    @Test
    void everythingElseGoes() {
        assertDoesNotThrow(() -> guard.check(bytes(ELSEWHERE), 0, ELSEWHERE.length(), "socket"));
        // the bytes after the method: a request line split so that no write holds it all
        assertDoesNotThrow(() -> guard.check(ByteBuffer.wrap(bytes(TO_IMDS)).position(4), 0, -1, "socket-channel"));
        assertDoesNotThrow(() -> guard.check("not bytes", 0, -1, "netty-native"));
        assertDoesNotThrow(() -> guard.check(bytes(TO_IMDS), 10, TO_IMDS.length(), "socket"));
        assertEquals(List.of(), events);
    }

    @Test
    void nettyBuffersAreReadWhereverTheyHoldTheirBytesAndNotMoved() throws Exception {
        try (URLClassLoader netty = SampleApp.SSRF_NETTY.isolatedLoader()) {
            Class<?> unpooled = netty.loadClass("io.netty.buffer.Unpooled");
            Class<?> byteBuf = netty.loadClass("io.netty.buffer.ByteBuf");
            Object heap = unpooled.getMethod("copiedBuffer", byte[].class).invoke(null, (Object) bytes("x" + TO_IMDS));
            byteBuf.getMethod("skipBytes", int.class).invoke(heap, 1);
            Object direct = unpooled.getMethod("directBuffer", int.class).invoke(null, 128);
            byteBuf.getMethod("writeBytes", byte[].class).invoke(direct, (Object) bytes(TO_IMDS));
            Object composite = unpooled.getMethod("wrappedBuffer", byte[][].class).invoke(null,
                    (Object) new byte[][] {bytes("GET http://169.2"), bytes("54.169.254/ HTTP/1.1\r\n\r\n")});
            for (Object buffer : new Object[] {heap, direct, composite}) {
                int readerIndex = (int) byteBuf.getMethod("readerIndex").invoke(buffer);
                assertThrows(IOException.class, () -> guard.check(buffer, 0, -1, "netty-native"), buffer.toString());
                assertEquals(readerIndex, byteBuf.getMethod("readerIndex").invoke(buffer));
            }
            Object elsewhere = unpooled.getMethod("copiedBuffer", byte[].class).invoke(null, (Object) bytes(ELSEWHERE));
            assertDoesNotThrow(() -> guard.check(elsewhere, 0, -1, "netty-native"));
            // a released buffer cannot be read: the write goes on, and Netty fails it as it would have
            byteBuf.getMethod("release").invoke(direct);
            assertDoesNotThrow(() -> guard.check(direct, 0, -1, "netty-native"));
        }
    }

    /** Once the bytes are recognised, a failure (here: the gate cannot be built) still refuses the write. */
    @Test
    void aRecognisedRequestIsRefusedEvenWhenReportingItFails() {
        ProxiedWriteGuard failing = new ProxiedWriteGuard(line(), new OnFirstUse<ImdsV1Gate>() {
            @Override
            protected ImdsV1Gate build() {
                throw new IllegalStateException("no gate");
            }
        });
        IOException refusal = assertThrows(IOException.class,
                () -> failing.check(bytes(TO_IMDS), 0, TO_IMDS.length(), "socket"));
        assertTrue(refusal.getMessage().startsWith("imds-agent: refused GET http://169.254.169.254/latest/meta-data/"),
                refusal.getMessage());
    }

    private static ProxiedRequestLine line() {
        return new ProxiedRequestLine(new ImdsAddresses("169.254.169.254", 80));
    }

    private OnFirstUse<ImdsV1Gate> gate() {
        return new OnFirstUse<ImdsV1Gate>() {
            @Override
            protected ImdsV1Gate build() {
                return new ImdsV1Gate(ImdsV1Mode.UPGRADE, new ImdsAddresses("169.254.169.254", 80), null,
                        new CallerFinder(), new CallSiteEvents(events::add, new CapturedLog().log(), Clock.systemUTC()));
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
