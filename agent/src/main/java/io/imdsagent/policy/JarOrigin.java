package io.imdsagent.policy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Enumeration;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jar (or class directory) a class was loaded from, with the version its manifest or Maven metadata
 * gives. Each location is read once per JVM; reading happens only when an IMDS call is reported.
 */
public final class JarOrigin {
    private static final ConcurrentMap<String, JarOrigin> BY_LOCATION = new ConcurrentHashMap<String, JarOrigin>();

    private final String path;
    private final String version;

    JarOrigin(String path, String version) {
        this.path = path;
        this.version = version;
    }

    /** Where {@code type} came from; null for JDK classes and classes without a code source. */
    static JarOrigin of(Class<?> type) {
        ProtectionDomain domain = type.getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return null;
        }
        String key = location.toString();
        JarOrigin known = BY_LOCATION.get(key);
        if (known != null) {
            return known;
        }
        JarOrigin read = read(location);
        JarOrigin raced = BY_LOCATION.putIfAbsent(key, read);
        return raced == null ? read : raced;
    }

    private static JarOrigin read(URL location) {
        if (!"file".equals(location.getProtocol())) {
            return new JarOrigin(location.toString(), null);
        }
        File file;
        try {
            file = new File(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new JarOrigin(location.toString(), null);
        }
        return new JarOrigin(file.getPath(), file.isFile() ? versionOf(file) : null);
    }

    /** The manifest's {@code Implementation-Version} or {@code Bundle-Version}, else Maven's {@code pom.properties}. */
    static String versionOf(File jar) {
        try {
            JarFile file = new JarFile(jar);
            try {
                Manifest manifest = file.getManifest();
                if (manifest != null) {
                    Attributes main = manifest.getMainAttributes();
                    String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
                    if (version == null) {
                        version = main.getValue("Bundle-Version");
                    }
                    if (version != null) {
                        return version.trim();
                    }
                }
                return mavenVersion(file);
            } finally {
                file.close();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String mavenVersion(JarFile file) throws IOException {
        for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                Properties properties = new Properties();
                InputStream in = file.getInputStream(entry);
                try {
                    properties.load(in);
                } finally {
                    in.close();
                }
                return properties.getProperty("version");
            }
        }
        return null;
    }

    /** The jar file or class directory. */
    public String path() {
        return path;
    }

    /** Null when neither the manifest nor Maven metadata names one. */
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return path + (version == null ? "" : " (" + version + ")");
    }
}
