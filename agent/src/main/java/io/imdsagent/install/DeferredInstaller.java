package io.imdsagent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one transformer registered at start. Every class the JVM loads passes through it; all but the agent's
 * targets ({@link TargetNames}) are let go at once, so a JVM that never loads one (a build tool, a cron job,
 * anything that reaches no AWS SDK and no HTTP client) never loads ByteBuddy, the advice, Jackson or the IMDS
 * core. When the first target appears the {@link Activation} brings them in, on that thread and before the
 * class is defined, and the class is rewritten like every later one: nothing is used unrewritten.
 *
 * <p>Activation happens at most once. Other threads loading a target meanwhile wait for it; a target loaded by
 * the activation itself (on its own thread) is retransformed as soon as the activation is done.
 */
public final class DeferredInstaller implements ClassFileTransformer {

    /** Brings the agent in. */
    public interface Activation {
        /**
         * @return the transformer that rewrites the targets, or null when the agent cannot run here (it has
         *     said why); called at most once
         */
        ClassFileTransformer activate(Collection<String> jdkPackages);
    }

    private final Instrumentation instrumentation;
    private final TargetNames targets;
    private final Activation activation;
    private final Object lock = new Object();
    private volatile boolean settled;
    // written before settled, read after it
    private ClassFileTransformer rewriter;
    // guarded by lock
    private Thread activating;
    // guarded by lock: targets that loaded on the activating thread while it was activating
    private final List<String> missed = new ArrayList<String>();

    DeferredInstaller(Instrumentation instrumentation, TargetNames targets, Activation activation) {
        this.instrumentation = instrumentation;
        this.targets = targets;
        this.activation = activation;
    }

    /**
     * Registers the transformer. When a target is loaded already (an attach to a running JVM, or a JDK class
     * loaded before premain) the agent is activated now and those classes are retransformed.
     */
    public void install() {
        instrumentation.addTransformer(this, true);
        List<Class<?>> loaded = loadedTargets(null);
        if (!loaded.isEmpty() && activated(null) != null) {
            retransform(loaded);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) throws IllegalClassFormatException {
        if (className == null || !targets.contains(className)) {
            return null;
        }
        ClassFileTransformer active = activated(className);
        return active == null ? null : active.transform(loader, className, classBeingRedefined, protectionDomain,
                classFile);
    }

    /** The rewriter, activating the agent if this is the first target; null while it is activating on this thread. */
    private ClassFileTransformer activated(String loading) {
        if (settled) {
            return rewriter;
        }
        List<String> loadedMeanwhile;
        synchronized (lock) {
            if (settled) {
                return rewriter;
            }
            if (activating != null) {
                // Only the activating thread itself gets here (the lock is reentrant; others wait above).
                missed.add(loading);
                return null;
            }
            activating = Thread.currentThread();
            try {
                rewriter = activation.activate(targets.jdkPackages());
            } finally {
                activating = null;
                settled = true;
            }
            loadedMeanwhile = new ArrayList<String>(missed);
            missed.clear();
        }
        if (rewriter != null && !loadedMeanwhile.isEmpty()) {
            retransform(loadedTargets(loadedMeanwhile));
        }
        return rewriter;
    }

    /** Loaded, modifiable target classes; of the given internal names only, when not null. */
    private List<Class<?>> loadedTargets(List<String> only) {
        List<Class<?>> found = new ArrayList<Class<?>>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            String name = type.getName().replace('.', '/');
            if ((only == null ? targets.contains(name) : only.contains(name)) && instrumentation.isModifiableClass(type)) {
                found.add(type);
            }
        }
        return found;
    }

    /**
     * All in one step, so that code running meanwhile never sees some of them rewritten and others not (a
     * provider's own IMDS fetch half done when the HTTP client under it changes); one at a time only if that
     * fails, so that a class that cannot be retransformed keeps no other from it.
     */
    private void retransform(List<Class<?>> classes) {
        try {
            instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
            return;
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            // one at a time below
        }
        for (Class<?> type : classes) {
            try {
                instrumentation.retransformClasses(type);
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                // ByteBuddy's listener has said what failed; the class keeps its own code.
            }
        }
    }
}
