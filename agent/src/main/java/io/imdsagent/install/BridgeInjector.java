package io.imdsagent.install;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Puts the bridge into the bootstrap class loader. The bridge travels inside the agent jar as a nested
 * jar, not as classes, so no other class loader can ever define a second copy under the same name.
 *
 * <p>On Java 9 and later the classes are defined straight into the bootstrap loader with the JDK's
 * internal {@code Unsafe}, its package exported to the agent through {@link Instrumentation}. The
 * alternatives each print a JVM warning into the application's stderr: appending a jar to the bootstrap
 * class path ("Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended", JDK 9+), and {@code sun.misc.Unsafe}, which ByteBuddy's injector uses ("A terminally
 * deprecated method in sun.misc.Unsafe has been called", JDK 24+). Appending stays as the fallback, and
 * is what Java 8 gets (it has no such warning). java.io only: java.nio.file in premain breaks some app
 * servers.
 */
public final class BridgeInjector {
    static final String RESOURCE = "io/imdsagent/install/imds-agent-bootstrap.jar";
    static final String BRIDGE_CLASS = "io.imdsagent.bootstrap.Bridge";

    private BridgeInjector() {
    }

    /** Whether an earlier attach of this agent already put the bridge into the bootstrap loader. */
    public static boolean alreadyInjected() {
        try {
            Class.forName(BRIDGE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static void inject(Instrumentation instrumentation) throws IOException {
        byte[] jar = readResource();
        try {
            defineInBootLoader(instrumentation, classesOf(jar));
        } catch (ReflectiveOperationException java8OrUnusualJvm) {
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(temporaryCopy(jar)));
        }
    }

    /** Java 9+ only; reflective because the agent is compiled for Java 8, which has no modules. */
    private static void defineInBootLoader(Instrumentation instrumentation, Map<String, byte[]> classes)
            throws ReflectiveOperationException {
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Method getModule = Class.class.getMethod("getModule");
        Object javaBase = getModule.invoke(unsafeType);
        Set<Object> agentModule = Collections.singleton(getModule.invoke(BridgeInjector.class));
        Class<?> moduleType = Class.forName("java.lang.Module");
        Instrumentation.class.getMethod("redefineModule", moduleType, Set.class, Map.class, Map.class, Set.class,
                Map.class).invoke(instrumentation, javaBase, Collections.emptySet(),
                Collections.singletonMap("jdk.internal.misc", agentModule), Collections.emptyMap(),
                Collections.emptySet(), Collections.emptyMap());
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (Map.Entry<String, byte[]> type : classes.entrySet()) {
            byte[] bytes = type.getValue();
            defineClass.invoke(unsafe, type.getKey(), bytes, 0, bytes.length, null, null);
        }
    }

    /**
     * Reads the nested jar from the agent jar itself. {@code getResourceAsStream} would ask the JDK's module
     * image first, and that initialises the default java.nio.file file system, which premain must not do.
     */
    private static byte[] readResource() throws IOException {
        File agentJar;
        try {
            agentJar = new File(BridgeInjector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IOException("imds-agent: cannot locate the agent jar: " + e, e);
        }
        ZipFile zip = new ZipFile(agentJar);
        try {
            ZipEntry entry = zip.getEntry(RESOURCE);
            if (entry == null) {
                throw new IOException("imds-agent: " + agentJar + " lacks " + RESOURCE + "; it is damaged, rebuild it");
            }
            InputStream in = zip.getInputStream(entry);
            try {
                return readAll(in);
            } finally {
                in.close();
            }
        } finally {
            zip.close();
        }
    }

    private static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<String, byte[]>();
        ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
        try {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), readAll(in));
                }
            }
        } finally {
            in.close();
        }
        return classes;
    }

    private static File temporaryCopy(byte[] jar) throws IOException {
        File file = File.createTempFile("imds-agent-bootstrap", ".jar");
        file.deleteOnExit();
        OutputStream out = new FileOutputStream(file);
        try {
            out.write(jar);
        } finally {
            out.close();
        }
        return file;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
