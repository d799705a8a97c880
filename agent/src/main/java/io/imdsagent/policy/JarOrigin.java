package io.imdsagent.policy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import java.util.jar.JarInputStream;
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
        if ("jar".equals(location.getProtocol())) {
            return nested(location.toString());
        }
        if (!"file".equals(location.getProtocol())) {
            return new JarOrigin(location.toString(), null);
        }
        File file = file(location.toString());
        if (file == null) {
            return new JarOrigin(location.toString(), null);
        }
        return new JarOrigin(file.getPath(), file.isFile() ? versionOf(file) : null);
    }

    /**
     * A jar, or a class directory, inside another jar, as the Spring Boot launcher loads them:
     * {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} (Boot 3.2 and later) or
     * {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/} (Boot 2 and the classic launcher). Named
     * {@code /app.jar!/BOOT-INF/lib/x.jar} whichever launcher it was; a class directory
     * ({@code BOOT-INF/classes}) has the version of the jar around it, which is the application's.
     */
    static JarOrigin nested(String location) {
        String inner = location.substring("jar:".length());
        if (inner.endsWith("!/")) {
            inner = inner.substring(0, inner.length() - 2);
        }
        String outerUrl;
        String entry;
        if (inner.startsWith("nested:") && inner.contains("/!")) {
            outerUrl = "file:" + inner.substring("nested:".length(), inner.indexOf("/!"));
            entry = inner.substring(inner.indexOf("/!") + 2);
        } else if (inner.startsWith("file:") && inner.contains("!/")) {
            outerUrl = inner.substring(0, inner.indexOf("!/"));
            entry = inner.substring(inner.indexOf("!/") + 2);
        } else {
            return new JarOrigin(location, null);
        }
        File outer = file(outerUrl);
        if (outer == null || !outer.isFile()) {
            return new JarOrigin(location, null);
        }
        if (entry.endsWith("/")) {
            entry = entry.substring(0, entry.length() - 1);
        }
        String version = entry.endsWith(".jar") ? nestedVersionOf(outer, entry) : versionOf(outer);
        return new JarOrigin(outer.getPath() + "!/" + entry, version);
    }

    private static File file(String fileUrl) {
        try {
            return new File(new URI(fileUrl));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The manifest's {@code Implementation-Version} or {@code Bundle-Version}, else Maven's {@code pom.properties}. */
    static String versionOf(File jar) {
        try {
            JarFile file = new JarFile(jar);
            try {
                String version = manifestVersion(file.getManifest());
                for (Enumeration<JarEntry> entries = file.entries(); version == null && entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (isPomProperties(entry)) {
                        version = pomVersion(file.getInputStream(entry));
                    }
                }
                return version;
            } finally {
                file.close();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@link #versionOf} of the jar stored as {@code entry} in {@code outer}, read as a stream (never unpacked). */
    static String nestedVersionOf(File outer, String entryName) {
        try {
            JarFile file = new JarFile(outer);
            try {
                JarEntry nested = file.getJarEntry(entryName);
                if (nested == null) {
                    return null;
                }
                JarInputStream in = new JarInputStream(file.getInputStream(nested));
                try {
                    String version = manifestVersion(in.getManifest());
                    for (JarEntry entry = in.getNextJarEntry(); version == null && entry != null;
                         entry = in.getNextJarEntry()) {
                        if (isPomProperties(entry)) {
                            version = pomVersion(in);
                        }
                    }
                    return version;
                } finally {
                    in.close();
                }
            } finally {
                file.close();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String manifestVersion(Manifest manifest) {
        if (manifest == null) {
            return null;
        }
        Attributes main = manifest.getMainAttributes();
        String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        if (version == null) {
            version = main.getValue("Bundle-Version");
        }
        return version == null ? null : version.trim();
    }

    private static boolean isPomProperties(JarEntry entry) {
        return entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties");
    }

    /** The {@code version} of a {@code pom.properties}; reads {@code in} to its end without closing it. */
    private static String pomVersion(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version");
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
