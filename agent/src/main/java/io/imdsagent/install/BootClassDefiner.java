package io.imdsagent.install;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines classes in the bootstrap loader with the JDK's internal {@code Unsafe} (Java 9+). The agent never
 * calls the copy of this class on its own class path: {@link BridgeInjector} defines a private copy in a class
 * loader of its own that nothing else can reach, and exports {@code jdk.internal.misc} to that loader's unnamed
 * module alone, so that neither the application nor the rest of the agent gains access to {@code Unsafe}. java.*
 * types only, since that loader sees nothing else; the reflective calls must be made here, by the class the
 * package is exported to.
 */
public final class BootClassDefiner {

    private BootClassDefiner() {
    }

    public static void define(String[] names, byte[][] classFiles) throws ReflectiveOperationException {
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (int i = 0; i < names.length; i++) {
            defineClass.invoke(unsafe, names[i], classFiles[i], 0, classFiles[i].length, null, null);
        }
    }
}
