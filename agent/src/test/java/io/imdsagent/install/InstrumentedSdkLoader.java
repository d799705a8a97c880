package io.imdsagent.install;

import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testing.SampleApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;

/**
 * A sample app's SDK, its classes rewritten by the agent's {@link Weaver} as they are defined (what the agent's
 * transformer does, without an {@code Instrumentation}), and the bridge taken from the test's class path as the
 * bootstrap class path would give it. A class the weaver cannot rewrite fails the test.
 */
public final class InstrumentedSdkLoader extends ClassLoader {
    private static final String BRIDGE_PACKAGE = "io.imdsagent.bootstrap.";

    private final URLClassLoader original;
    private final CapturedLog log = new CapturedLog();
    private final Weaver weaver = new Weaver(AgentInstaller.instrumentations(), Bridge.class, log.log());

    public InstrumentedSdkLoader(SampleApp app) {
        super(ClassLoader.getPlatformClassLoader());
        this.original = app.isolatedLoader();
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
        byte[] woven = weaver.transform(this, name.replace('.', '/'), null, null, bytes);
        if (log.text().contains("could not instrument")) {
            throw new IllegalStateException(log.text());
        }
        return woven == null ? bytes : woven;
    }
}
