package io.imdsagent.install;

import io.imdsagent.instrument.TypeInstrumentation;
import io.imdsagent.testing.SampleApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * A sample app's SDK, its classes rewritten as they are defined by the agent's instrumentations (what the
 * agent's transformer does, without an {@code Instrumentation}), and the bridge taken from the test's class
 * path as the bootstrap class path would give it.
 */
final class InstrumentedSdkLoader extends ClassLoader {
    private static final String BRIDGE_PACKAGE = "io.imdsagent.bootstrap.";

    private final URLClassLoader original;
    private final TypePool pool;
    private final ClassFileLocator locator;

    InstrumentedSdkLoader(SampleApp app) {
        super(ClassLoader.getPlatformClassLoader());
        this.original = app.isolatedLoader();
        this.locator = ClassFileLocator.ForClassLoader.of(original);
        this.pool = TypePool.Default.of(locator);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(BRIDGE_PACKAGE)) {
            return InstrumentedSdkLoader.class.getClassLoader().loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            try {
                return getParent().loadClass(name);
            } catch (ClassNotFoundException notJdk) {
                byte[] bytes = instrumented(name, original(name));
                return defineClass(name, bytes, 0, bytes.length);
            }
        }
    }

    @Override
    protected URL findResource(String name) {
        return original.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return original.getResources(name);
    }

    private byte[] original(String name) throws ClassNotFoundException {
        try (InputStream in = original.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] instrumented(String name, byte[] bytes) {
        TypeDescription type = pool.describe(name).resolve();
        for (TypeInstrumentation instrumentation : AgentInstaller.instrumentations()) {
            if (instrumentation.types().matches(type)) {
                bytes = instrumentation.transform(new ByteBuddy().decorate(type,
                        new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes), locator))).make().getBytes();
            }
        }
        return bytes;
    }
}
