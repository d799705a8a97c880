package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.UnsafeProbeApp;
import io.imdsagent.testapps.requirements.RequiresJdk25;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Putting the bridge into the bootstrap loader opens {@code jdk.internal.misc} to the one class that defines it,
 * never to the application: a class on the class path still cannot use the JDK's internal {@code Unsafe}.
 */
class JdkInternalsStayClosedIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theApplicationCannotUseTheJdksInternalUnsafe() throws Exception {
        assertClosed(ForkedJvm.java());
    }

    @RequiresJdk25
    @Test
    void norOnJdk25() throws Exception {
        assertClosed(ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA));
    }

    private static void assertClosed(ForkedJvm jvm) throws Exception {
        CommandResult result = jvm.agent("endpoint=http://127.0.0.1:9")
                .main(ForkedJvm.testClassPath(), UnsafeProbeApp.class).run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("bridge: in the bootstrap loader"), result.toString());
        assertTrue(result.stdout().contains("unsafe: denied"), result.toString());
        assertFalse(result.stderr().toLowerCase().contains("warning"), result.toString());
    }
}
