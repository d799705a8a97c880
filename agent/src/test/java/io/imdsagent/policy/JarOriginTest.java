package io.imdsagent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars inside jars, as Spring Boot's launchers name them, get the nested jar's own name and version. */
class JarOriginTest {
    @TempDir
    static Path directory;
    private static Path app;

    @BeforeAll
    static void writeFatJar() throws IOException {
        app = directory.resolve("my app.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(app), manifest("7.0.0"))) {
            jar.putNextEntry(new JarEntry("BOOT-INF/classes/"));
            jar.closeEntry();
            stored(jar, "BOOT-INF/lib/with-manifest.jar", nestedJar(manifest("2.1.0"), null));
            stored(jar, "BOOT-INF/lib/with-pom.jar", nestedJar(manifest(null), "3.2.1"));
            stored(jar, "BOOT-INF/lib/unversioned.jar", nestedJar(manifest(null), null));
        }
    }

    @Test
    void boot3NestedUrls() {
        String outer = app.toUri().getRawPath();
        assertOrigin("/with-manifest.jar", "2.1.0", "jar:nested:" + outer + "/!BOOT-INF/lib/with-manifest.jar!/");
        assertOrigin("/with-pom.jar", "3.2.1", "jar:nested:" + outer + "/!BOOT-INF/lib/with-pom.jar!/");
        assertOrigin("/unversioned.jar", null, "jar:nested:" + outer + "/!BOOT-INF/lib/unversioned.jar!/");
        assertOrigin("!/BOOT-INF/classes", "7.0.0", "jar:nested:" + outer + "/!BOOT-INF/classes/!/");
    }

    @Test
    void boot2JarFileUrls() {
        String outer = app.toUri().toString();
        assertOrigin("/with-manifest.jar", "2.1.0", "jar:" + outer + "!/BOOT-INF/lib/with-manifest.jar!/");
        assertOrigin("/with-pom.jar", "3.2.1", "jar:" + outer + "!/BOOT-INF/lib/with-pom.jar!/");
        assertOrigin("!/BOOT-INF/classes", "7.0.0", "jar:" + outer + "!/BOOT-INF/classes!/");
    }

    @Test
    void whatCannotBeReadKeepsItsUrlAndHasNoVersion() {
        String missing = "jar:nested:/no/such/app.jar/!BOOT-INF/lib/x.jar!/";
        assertEquals(missing, JarOrigin.nested(missing).path());
        assertNull(JarOrigin.nested(missing).version());
        String odd = "jar:http://example.invalid/x.jar!/";
        assertEquals(odd, JarOrigin.nested(odd).path());
        String absent = "jar:nested:" + app.toUri().getRawPath() + "/!BOOT-INF/lib/absent.jar!/";
        assertNull(JarOrigin.nested(absent).version());
    }

    private static void assertOrigin(String suffix, String version, String location) {
        JarOrigin origin = JarOrigin.nested(location);
        String expected = suffix.startsWith("!") ? app + suffix : app + "!/BOOT-INF/lib" + suffix;
        assertEquals(expected, origin.path(), location);
        assertEquals(version, origin.version(), location);
    }

    private static Manifest manifest(String version) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        return manifest;
    }

    private static byte[] nestedJar(Manifest manifest, String pomVersion) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("com/example/Thing.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            jar.closeEntry();
            if (pomVersion != null) {
                jar.putNextEntry(new JarEntry("META-INF/maven/com.example/thing/pom.properties"));
                jar.write(("version=" + pomVersion + "\n").getBytes());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void stored(JarOutputStream jar, String name, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        jar.putNextEntry(entry);
        jar.write(content);
        jar.closeEntry();
    }
}
