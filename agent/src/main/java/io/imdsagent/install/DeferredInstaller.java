package io.imdsagent.install;

import io.imdsagent.imds.RefreshScheduler.CleanThreads;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * The one transformer registered at start. Every class the JVM loads passes through it; all but the agent's
 * targets ({@link TargetNames}) are let go at once, so a JVM that never loads one (a build tool, a cron job,
 * anything that reaches no AWS SDK and no HTTP client) never loads the weaver (ASM), Jackson or the IMDS
 * core. When the first target appears the {@link Activation} brings them in, on that thread and before the
 * class is defined, and the class is rewritten like every later one: nothing is used unrewritten.
 *
 * <p>Activation happens at most once. Other threads loading a target meanwhile wait for it. A target that the
 * activation itself loads (on JDK 25, {@code java.security.Security} reaches {@code SocketChannelImpl} through
 * {@code java.nio.file}) never reaches this transformer: the JDK passes no class to transformers while the same
 * thread is inside one, and a retransformation asked for from there is not transformed either. So once the
 * activation is done, a thread of its own retransforms every target loaded by then.
 */
public final class DeferredInstaller implements ClassFileTransformer {

    /** Brings the agent in. */
    public interface Activation {
        /**
         * @return the transformer that rewrites the targets, or null when the agent cannot run here (it has
         *     said why); called at most once
         */
        ClassFileTransformer activate();
    }

    private final Instrumentation instrumentation;
    private final TargetNames targets;
    private final Activation activation;
    private final Object lock = new Object();
    private volatile boolean settled;
    // written before settled, read after it
    private ClassFileTransformer rewriter;

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
        List<Class<?>> loaded = loadedTargets();
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

    /** The rewriter, activating the agent if this is the first target. */
    private ClassFileTransformer activated(String loading) {
        if (settled) {
            return rewriter;
        }
        synchronized (lock) {
            if (settled) {
                return rewriter;
            }
            try {
                rewriter = activation.activate();
            } finally {
                settled = true;
            }
        }
        if (rewriter != null && loading != null) {
            retransformLoadedTargetsApart();
        }
        return rewriter;
    }

    /**
     * Off this thread, which is inside the JDK's transformer call; not waited for, since the retransformation may
     * need the class this thread is defining.
     */
    private void retransformLoadedTargetsApart() {
        Thread thread = CleanThreads.newDaemon(new Runnable() {
            @Override
            public void run() {
                retransform(loadedTargets());
            }
        }, "imds-agent-retransform");
        thread.start();
    }

    /** Loaded, modifiable target classes; not interfaces of their names (SDK v2's), which the weaver leaves alone. */
    private List<Class<?>> loadedTargets() {
        List<Class<?>> found = new ArrayList<Class<?>>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (targets.containsBinaryName(type.getName()) && !type.isInterface()
                    && instrumentation.isModifiableClass(type)) {
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
                // The weaver has said what failed; the class keeps its own code.
            }
        }
    }
}
