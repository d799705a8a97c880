package io.imdsagent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmIdentityTest {
    @TempDir
    Path directory;

    private File file(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content).toFile();
    }

    private File missing() {
        return directory.resolve("missing").toFile();
    }

    @Test
    void hostNameComesFromTheEnvironmentThenTheKernelThenEtcHostname() throws IOException {
        File kernel = file("kernel", "ip-10-0-0-7\n");
        File etc = file("etc", "from-etc\n");
        assertEquals("container-1", JvmIdentity.hostName(Map.of("HOSTNAME", "container-1"), kernel, etc));
        assertEquals("ip-10-0-0-7", JvmIdentity.hostName(Map.of("HOSTNAME", "  "), kernel, etc));
        assertEquals("from-etc", JvmIdentity.hostName(Map.of(), missing(), etc));
        assertEquals("WIN-HOST", JvmIdentity.hostName(Map.of("COMPUTERNAME", "WIN-HOST"), missing(), file("e", "\n")));
        assertEquals("unknown", JvmIdentity.hostName(Map.of(), missing(), missing()));
    }

    @Test
    void theAppIsTheMainClassOrJarWithoutArguments() {
        assertEquals("com.example.Main", JvmIdentity.application("com.example.Main --port 8080 secret=x"));
        assertEquals("/opt/app/app.jar", JvmIdentity.application("/opt/app/app.jar"));
        assertEquals("unknown", JvmIdentity.application(null));
        assertEquals("unknown", JvmIdentity.application(" "));
    }

    @Test
    void thisJvmHasItsOwnProcessId() {
        assertEquals(ProcessHandle.current().pid(),
                JvmIdentity.of(Map.of("HOSTNAME", "h"), "x").pid());
    }
}
