package io.imdsagent.adapters;

import io.imdsagent.testing.SampleApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;

/**
 * A sample app's AWS SDK relocated under {@code relocated.}, the way a distribution that shades the SDK
 * ships it: {@code relocated.com.amazonaws.auth.BasicSessionCredentials} and so on. Other classes (the
 * SDK's own dependencies) come unchanged from the app's class path.
 */
final class RelocatedSdkLoader extends ClassLoader {
    static final String PREFIX = "relocated.";
    private static final String[] SDK_PACKAGES = {"com/amazonaws/", "software/amazon/awssdk/"};

    private final ClassLoader original;

    RelocatedSdkLoader(SampleApp app) {
        super(ClassLoader.getPlatformClassLoader());
        this.original = app.isolatedLoader();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = name.startsWith(PREFIX) ? relocate(name) : original.loadClass(name);
            }
            return loaded;
        }
    }

    private Class<?> relocate(String name) throws ClassNotFoundException {
        String resource = name.substring(PREFIX.length()).replace('.', '/') + ".class";
        try (InputStream in = original.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(in.readAllBytes()).accept(new ClassRemapper(writer, new Remapper() {
                @Override
                public String map(String internalName) {
                    for (String sdkPackage : SDK_PACKAGES) {
                        if (internalName.startsWith(sdkPackage)) {
                            return PREFIX.replace('.', '/') + internalName;
                        }
                    }
                    return internalName;
                }
            }), 0);
            byte[] bytes = writer.toByteArray();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
