package io.imdsagent.install;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts the bridge into the bootstrap class loader. The bridge travels inside the agent jar as a nested
 * jar, not as classes, so no other class loader can ever define a second copy under the same name.
 *
 * <p>The classes are defined straight into the bootstrap loader (ByteBuddy's Unsafe injector, its
 * module opened through {@link Instrumentation}): appending a jar to the bootstrap class path instead
 * makes HotSpot print "Sharing is only supported for boot loader classes because bootstrap classpath
 * has been appended" into the application's stderr. Appending stays as the fallback for JVMs where
 * the injector is unavailable. java.io only: java.nio.file in premain breaks some app servers.
 */
public final class BridgeInjector {
    static final String RESOURCE = "/io/imdsagent/install/imds-agent-bootstrap.jar";
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
        ClassInjector.UsingUnsafe.Factory factory = ClassInjector.UsingUnsafe.Factory.resolve(instrumentation);
        if (factory.isAvailable()) {
            factory.make(null, null).injectRaw(classesOf(jar));
        } else {
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(temporaryCopy(jar)));
        }
    }

    private static byte[] readResource() throws IOException {
        InputStream in = BridgeInjector.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException("imds-agent: the agent jar lacks " + RESOURCE + "; it is damaged, rebuild it");
        }
        try {
            return readAll(in);
        } finally {
            in.close();
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
