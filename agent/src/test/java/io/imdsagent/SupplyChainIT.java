package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.testing.ForkedJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What a user's supply-chain review needs of the jar: its own license and notice, the license and notice of
 * each library shaded into it, and a CycloneDX SBOM next to it naming exactly those libraries and versions.
 */
class SupplyChainIT {
    /** What the shade plugin puts into the jar (pom: net.bytebuddy:*, com.fasterxml.jackson.core:*). */
    private static final List<String> SHADED = List.of("byte-buddy", "byte-buddy-agent", "jackson-core");

    @Test
    void theJarCarriesItsOwnAndEveryShadedLibrarysLicenseAndNotice() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            assertTrue(text(jar, "META-INF/LICENSE").contains("Apache License"));
            String notice = text(jar, "META-INF/NOTICE");
            assertTrue(notice.startsWith("imds-agent\n"), notice);
            for (String library : SHADED) {
                assertTrue(text(jar, "META-INF/licenses/" + library + "/LICENSE").contains("Apache License"), library);
                assertTrue(!text(jar, "META-INF/licenses/" + library + "/NOTICE").isBlank(), library);
                assertTrue(notice.contains(library), library + " is not named in NOTICE");
            }
            // What the shaded libraries themselves bundle: ASM in Byte Buddy, FastDoubleParser in jackson-core.
            assertTrue(text(jar, "META-INF/licenses/byte-buddy/ASM").contains("Redistribution"));
            assertTrue(text(jar, "META-INF/licenses/jackson-core/FastDoubleParser-LICENSE").contains("MIT"));
            Set<String> licensesDirectories = new TreeSet<>();
            jar.stream().map(ZipEntry::getName).filter(name -> name.startsWith("META-INF/licenses/"))
                    .map(name -> name.substring("META-INF/licenses/".length())).filter(name -> name.contains("/"))
                    .map(name -> name.substring(0, name.indexOf('/'))).forEach(licensesDirectories::add);
            assertEquals(new TreeSet<>(SHADED), licensesDirectories);
        }
    }

    @Test
    void aCycloneDxSbomNextToTheJarNamesWhatItBundles() throws IOException {
        Path sbom = ForkedJvm.agentJar().resolveSibling("imds-agent.cdx.json");
        assertTrue(Files.isRegularFile(sbom), sbom + " is missing");
        JsonNode bom = new ObjectMapper().readTree(sbom.toFile());
        assertEquals("CycloneDX", bom.get("bomFormat").asText());
        assertEquals("imds-agent", bom.at("/metadata/component/name").asText());
        Set<String> components = new TreeSet<>();
        for (JsonNode component : bom.get("components")) {
            components.add(component.get("name").asText());
            if (component.get("group").asText().startsWith("net.bytebuddy")
                    || component.get("group").asText().startsWith("com.fasterxml.jackson")) {
                assertEquals("Apache-2.0", component.at("/licenses/0/license/id").asText(), component.toString());
            }
        }
        Set<String> expected = new TreeSet<>(SHADED);
        expected.add("imds-agent-bootstrap");
        assertEquals(expected, components, "test-only jars must not be in the SBOM, and all bundled ones must");
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertTrue(entry != null, name + " is missing from the jar");
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
