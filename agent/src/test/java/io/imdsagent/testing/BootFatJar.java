package io.imdsagent.testing;

import io.imdsagent.apps.boot.BootApp;
import io.imdsagent.apps.bootlib.InstanceMetadataClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * A Spring Boot fat jar laid out as {@code spring-boot-maven-plugin repackage} lays it out, with Boot's own
 * launcher from Maven Central: the loader's classes at the root, {@link BootApp} under {@code BOOT-INF/classes/},
 * and {@link InstanceMetadataClient} in its own library jar {@code BOOT-INF/lib/imds-caller-1.4.2.jar}
 * (stored, as Boot requires), whose version only its Maven {@code pom.properties} tells.
 */
public final class BootFatJar {
    public static final String LIBRARY = "BOOT-INF/lib/imds-caller-1.4.2.jar";
    public static final String LIBRARY_VERSION = "1.4.2";

    private BootFatJar() {
    }

    /**
     * @param loader Boot's {@code spring-boot-loader} jar
     * @param launcher its launcher class: {@code org.springframework.boot.loader.launch.JarLauncher} (Boot 3.2+)
     *     or {@code org.springframework.boot.loader.JarLauncher} (Boot 2)
     */
    public static Path write(Path target, Path loader, String launcher) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, launcher);
        main.putValue("Start-Class", BootApp.class.getName());
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        main.put(Attributes.Name.IMPLEMENTATION_VERSION, "7.0.0");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            try (JarInputStream loaderClasses = new JarInputStream(Files.newInputStream(loader))) {
                for (JarEntry entry = loaderClasses.getNextJarEntry(); entry != null; entry = loaderClasses.getNextJarEntry()) {
                    if (entry.getName().startsWith("org/springframework/boot/loader/")) {
                        jar.putNextEntry(new JarEntry(entry.getName()));
                        loaderClasses.transferTo(jar);
                        jar.closeEntry();
                    }
                }
            }
            // Boot's launchers find the application's classes by their directory entry, as the plugin writes it.
            for (String directory : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/io/",
                    "BOOT-INF/classes/io/imdsagent/", "BOOT-INF/classes/io/imdsagent/apps/",
                    "BOOT-INF/classes/io/imdsagent/apps/boot/", "BOOT-INF/lib/")) {
                jar.putNextEntry(new JarEntry(directory));
                jar.closeEntry();
            }
            putClass(jar, "BOOT-INF/classes/", BootApp.class);
            byte[] library = library();
            JarEntry nested = new JarEntry(LIBRARY);
            nested.setMethod(ZipEntry.STORED);
            nested.setSize(library.length);
            nested.setCompressedSize(library.length);
            CRC32 crc = new CRC32();
            crc.update(library);
            nested.setCrc(crc.getValue());
            jar.putNextEntry(nested);
            jar.write(library);
            jar.closeEntry();
        }
        return target;
    }

    private static byte[] library() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            putClass(jar, "", InstanceMetadataClient.class);
            jar.putNextEntry(new JarEntry("META-INF/maven/com.example/imds-caller/pom.properties"));
            jar.write(("groupId=com.example\nartifactId=imds-caller\nversion=" + LIBRARY_VERSION + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void putClass(JarOutputStream jar, String prefix, Class<?> type) throws IOException {
        String name = type.getName().replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(prefix + name));
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }
}
