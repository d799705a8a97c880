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
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Puts the bridge into the bootstrap class loader. The bridge travels inside the agent jar as a nested
 * jar, not as classes, so no other class loader can ever define a second copy under the same name.
 *
 * <p>On Java 9 and later the classes are defined straight into the bootstrap loader with the JDK's
 * internal {@code Unsafe}, its package exported through {@link Instrumentation} to one throw-away class
 * loader that holds only the class doing the define ({@link BootClassDefiner}). The
 * alternatives each print a JVM warning into the application's stderr: appending a jar to the bootstrap
 * class path ("Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended", JDK 9+), and {@code sun.misc.Unsafe}, which ByteBuddy's injector uses ("A terminally
 * deprecated method in sun.misc.Unsafe has been called", JDK 24+). Appending stays as the fallback, and
 * is what Java 8 gets (it has no such warning). java.io only: java.nio.file in premain breaks some app
 * servers.
 *
 * <p>The JDK classes the agent rewrites live in named modules, which do not read the bootstrap loader's unnamed
 * module by themselves; the JVM makes every module whose classes an agent transforms read it (the
 * {@code java.lang.instrument} package's "Instrumenting code in modules", Java 9 and later), so nothing here
 * has to.
 */
public final class BridgeInjector {
    static final String RESOURCE = "io/imdsagent/install/imds-agent-bootstrap.jar";
    static final String BRIDGE_CLASS = "io.imdsagent.bootstrap.Bridge";
    // literals: the class itself is loaded only into the throw-away loader
    static final String DEFINER_CLASS = "io.imdsagent.install.BootClassDefiner";
    static final String DEFINER_CLASS_FILE = "io/imdsagent/install/BootClassDefiner.class";

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
        Map<String, byte[]> resources = readResources(RESOURCE, DEFINER_CLASS_FILE);
        byte[] jar = resources.get(RESOURCE);
        try {
            defineInBootLoader(instrumentation, resources.get(DEFINER_CLASS_FILE), classesOf(jar));
        } catch (ReflectiveOperationException java8OrUnusualJvm) {
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(temporaryCopy(jar)));
        }
    }

    /**
     * Java 9+ only. The package of {@code Unsafe} is exported to a throw-away class loader holding only
     * {@link BootClassDefiner}: exported to the agent's own module, the application's class path (the same unnamed
     * module) would gain it too, for the JVM's whole life.
     */
    private static void defineInBootLoader(Instrumentation instrumentation, byte[] definerClassFile,
                                           Map<String, byte[]> classes) throws ReflectiveOperationException {
        DefinerLoader loader = new DefinerLoader(instrumentation, classes.keySet().toArray(new String[0]),
                classes.values().toArray(new byte[0][]));
        loader.define(DEFINER_CLASS, definerClassFile);
        try {
            // its static initialiser does the work
            Class.forName(DEFINER_CLASS, true, loader);
        } catch (LinkageError definerUnusable) {
            throw new ClassNotFoundException("cannot define classes in the bootstrap loader here", definerUnusable);
        }
        if (loader.failure != null) {
            throw new ClassNotFoundException("cannot define classes in the bootstrap loader here", loader.failure);
        }
    }

    /**
     * Holds {@link BootClassDefiner} and nothing else; its parent is the bootstrap loader. Hands the definer its
     * arguments and takes its outcome (null when the classes are defined).
     */
    private static final class DefinerLoader extends ClassLoader implements Supplier<Object[]>, Consumer<Throwable> {
        private final Object[] arguments;
        private Throwable failure = new IllegalStateException("the definer did not run");

        DefinerLoader(Instrumentation instrumentation, String[] names, byte[][] classFiles) {
            super(null);
            arguments = new Object[] {instrumentation, names, classFiles};
        }

        void define(String name, byte[] classFile) {
            defineClass(name, classFile, 0, classFile.length);
        }

        @Override
        public Object[] get() {
            return arguments;
        }

        @Override
        public void accept(Throwable outcome) {
            failure = outcome;
        }
    }

    /**
     * Reads entries of the agent jar itself. {@code getResourceAsStream} would ask the JDK's module image first,
     * and that initialises the default java.nio.file file system, which the agent must not do.
     */
    private static Map<String, byte[]> readResources(String... names) throws IOException {
        File agentJar;
        try {
            agentJar = new File(BridgeInjector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IOException("imds-agent: cannot locate the agent jar: " + e, e);
        }
        Map<String, byte[]> contents = new LinkedHashMap<String, byte[]>();
        ZipFile zip = new ZipFile(agentJar);
        try {
            for (String name : names) {
                ZipEntry entry = zip.getEntry(name);
                if (entry == null) {
                    throw new IOException("imds-agent: " + agentJar + " lacks " + name + "; it is damaged, rebuild it");
                }
                InputStream in = zip.getInputStream(entry);
                try {
                    contents.put(name, readAll(in));
                } finally {
                    in.close();
                }
            }
        } finally {
            zip.close();
        }
        return contents;
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
