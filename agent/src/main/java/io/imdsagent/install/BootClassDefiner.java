package io.imdsagent.install;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jdk.internal.misc.Unsafe;

/**
 * Defines classes in the bootstrap loader with the JDK's internal {@code Unsafe} (Java 9+), from its static
 * initialiser. The agent never runs the copy of this class on its own class path: {@link BridgeInjector} defines a
 * private copy in a class loader of its own that nothing else can reach, and this class exports
 * {@code jdk.internal.misc} to that loader's unnamed module alone, so that neither the application nor the rest of
 * the agent gains access to {@code Unsafe}.
 *
 * <p>That loader is also how the work comes in and the outcome goes out: it hands over its arguments as a
 * {@code Supplier} and takes the outcome as a {@code Consumer}, {@code java.*} types both sides know, so nothing is
 * called by reflection. On JDK 18 and later core reflection runs on method handles, and a JVM's first reflective
 * call costs some 20 ms. For the same reason this class is compiled apart (see the agent's pom): Java 8 bytecode
 * like every class of the agent, but against the JDK's own API, so that it names {@code Module},
 * {@code Instrumentation#redefineModule} and {@code Unsafe} directly. On Java 8 its first line fails, which
 * {@link BridgeInjector} takes as "use the fallback".
 */
public final class BootClassDefiner {
    static {
        @SuppressWarnings("unchecked")
        Consumer<Throwable> outcome = (Consumer<Throwable>) BootClassDefiner.class.getClassLoader();
        try {
            @SuppressWarnings("unchecked")
            Object[] arguments = ((Supplier<Object[]>) BootClassDefiner.class.getClassLoader()).get();
            define((Instrumentation) arguments[0], (String[]) arguments[1], (byte[][]) arguments[2]);
            outcome.accept(null);
        } catch (Throwable failure) {
            outcome.accept(failure);
        }
    }

    private BootClassDefiner() {
    }

    private static void define(Instrumentation instrumentation, String[] names, byte[][] classFiles) {
        instrumentation.redefineModule(Object.class.getModule(), Collections.emptySet(),
                Collections.singletonMap("jdk.internal.misc", Collections.singleton(BootClassDefiner.class.getModule())),
                Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
        // resolved only now, at its first execution, after the export above
        Unsafe unsafe = Unsafe.getUnsafe();
        for (int i = 0; i < names.length; i++) {
            unsafe.defineClass(names[i], classFiles[i], 0, classFiles[i].length, null, null);
        }
    }
}
