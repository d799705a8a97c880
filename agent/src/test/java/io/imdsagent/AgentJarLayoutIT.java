package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testing.ForkedJvm;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** The deployable jar as the contract describes it. */
class AgentJarLayoutIT {

    @Test
    void holdsOnlyTheProjectsPackageAndMetaInf() throws IOException {
        List<String> strangers = new ArrayList<>();
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            jar.stream().map(ZipEntry::getName)
                    .filter(name -> !name.startsWith("io/imdsagent/") && !name.startsWith("META-INF/")
                            && !name.equals("io/"))
                    .forEach(strangers::add);
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("io/imdsagent/shaded/bytebuddy/")));
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("io/imdsagent/shaded/jackson/")));
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("META-INF/versions/")
                    || e.getName().endsWith("module-info.class")));
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("io/imdsagent/bootstrap/")),
                    "the bridge must travel only as the nested bootstrap jar");
        }
        assertEquals(List.of(), strangers);
    }

    @Test
    void everyClassIsJava8Bytecode() throws IOException {
        List<String> tooNew = new ArrayList<>();
        int[] seen = {0};
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    if (entry.getName().endsWith(".class")) {
                        checkMajor(entry.getName(), in.readAllBytes(), tooNew);
                        seen[0]++;
                    } else if (entry.getName().endsWith(".jar")) {
                        // The nested bootstrap jar lands in every host JVM too.
                        ZipInputStream nested = new ZipInputStream(new ByteArrayInputStream(in.readAllBytes()));
                        for (ZipEntry inner; (inner = nested.getNextEntry()) != null; ) {
                            if (inner.getName().endsWith(".class")) {
                                checkMajor(entry.getName() + "!" + inner.getName(), nested.readAllBytes(), tooNew);
                                seen[0]++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(seen[0] > 500, "only " + seen[0] + " classes found");
        assertEquals(List.of(), tooNew);
    }

    @Test
    void manifestNamesTheEntryPointsAndCapabilities() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.imdsagent.ImdsAgent", main.getValue("Premain-Class"));
            assertEquals("io.imdsagent.ImdsAgent", main.getValue("Agent-Class"));
            assertEquals("io.imdsagent.ImdsAgent", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertNotNull(jar.getEntry("io/imdsagent/install/imds-agent-bootstrap.jar"));
        }
    }

    private static void checkMajor(String name, byte[] bytes, List<String> tooNew) throws IOException {
        DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes));
        assertEquals(0xCAFEBABE, data.readInt(), name);
        data.readUnsignedShort();
        int major = data.readUnsignedShort();
        if (major > 52) {
            tooNew.add(name + " (major " + major + ")");
        }
    }
}
