package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.ProxyWritesApp;
import io.imdsagent.testapps.requirements.RequiresJdk25;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMDS is never reached through an HTTP proxy, also when the application writes the proxied request itself: on every
 * JDK write path ({@code Socket}'s stream on the NIO implementation and, with {@code -Djdk.net.usePlainSocketImpl},
 * the plain one of JDK 8 to 17; a {@code SocketChannel}'s write, gathering write and socket adaptor) a request line
 * asking a proxy for IMDS or a container endpoint is refused before a byte is written, with a {@code proxy-blocked}
 * event, and an origin-form request goes through. The proxy is the app's own loopback server; nothing leaves
 * loopback.
 */
class ProxiedRequestLineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String[] REFUSED = {"socket", "socket-tunnel", "channel", "channel-gathering",
        "channel-adaptor"};

    @TempDir
    Path files;

    @Test
    void everyJdkWritePathRefusesARequestLineForImdsThroughAProxy() throws Exception {
        assertRefusedAndReported(ForkedJvm.java(), "nio");
    }

    @Test
    void soDoesThePlainSocketImplementation() throws Exception {
        String out = assertRefusedAndReported(ForkedJvm.java().jvmArg("-Djdk.net.usePlainSocketImpl=true")
                .jvmArg("-Xlog:class+load=info:stdout"), "plain");
        assertTrue(out.contains("java.net.SocketOutputStream "), "the plain implementation was not in use");
    }

    @RequiresJdk25
    @Test
    void andJdk25() throws Exception {
        assertRefusedAndReported(ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA), "jdk25");
    }

    /** @return what the app printed */
    private String assertRefusedAndReported(ForkedJvm jvm, String name) throws Exception {
        Path events = files.resolve(name + ".jsonl");
        // the endpoint is a closed loopback port: the agent is never asked to reach IMDS here
        CommandResult result = jvm.agent("endpoint=http://127.0.0.1:9,events=" + events)
                .main(ForkedJvm.testClassPath(), ProxyWritesApp.class).run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        String out = result.stdout();
        for (String path : REFUSED) {
            assertTrue(out.contains(path + ": refused imds-agent: refused "), path + "\n" + result);
        }
        assertTrue(out.contains("socket-origin: written") && out.contains("channel-origin: written"), out);
        assertTrue(out.contains("proxy received before the origin requests: 0" + System.lineSeparator()), out);
        assertTrue(out.contains("proxy received in all: 100 of origin 100"), out);
        String written = Files.readString(events);
        assertEquals(REFUSED.length, written.lines().filter(line -> line.contains("\"event\":\"proxy-blocked\""))
                .count(), written);
        assertTrue(written.contains("\"url\":\"http://169.254.170.2:80/\""), written);
        return out;
    }
}
