package io.imdsagent.install;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.imdsagent.events.AgentLog;
import io.imdsagent.instrument.ClientProxyInstrumentation;
import io.imdsagent.instrument.JdkHttpClientInstrumentation;
import io.imdsagent.instrument.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The ByteBuddy recipe: how the classes the {@link DeferredInstaller} lets through are rewritten. Loaded only
 * when the first of them appears. Decoration only (advice inlined, no new members), which retransformation
 * requires, so that an attach to a running JVM also rewrites classes it has already loaded, and which keeps the
 * rewritten classes what they were plus advice.
 */
final class ByteBuddyRecipe {
    /**
     * Never rewritten: the agent itself (and ByteBuddy relocated inside it), ByteBuddy, and JDK internals
     * that generated or reflective code lives in. Other JDK packages are not ignored wholesale, because
     * the agent also rewrites JDK HTTP clients; every instrumentation matches exact names anyway. Of
     * {@code jdk.internal.} only the JDK's HttpClient implementation is rewritten.
     */
    static ElementMatcher.Junction<TypeDescription> ignored() {
        return nameStartsWith("io.imdsagent.")
                .or(nameStartsWith("net.bytebuddy."))
                .or(nameStartsWith("jdk.internal.").and(not(named(JdkHttpClientInstrumentation.CLIENT)
                        .or(named(ClientProxyInstrumentation.JDK_REQUEST)))))
                .or(nameStartsWith("sun.reflect."))
                .or(nameStartsWith("java.lang.invoke."))
                .or(nameContains("$$Lambda"))
                .or(isSynthetic());
    }

    private ByteBuddyRecipe() {
    }

    /**
     * The ByteBuddy transformer that rewrites the targets, not registered: the {@link DeferredInstaller} hands it
     * the classes its filter lets through.
     */
    static ClassFileTransformer rewriter(AgentLog log) {
        return new Rewriter(AgentInstaller.instrumentations(), log);
    }

    /**
     * Decorates each class with the advice of the instrumentations that match it: ByteBuddy's type pool and
     * advice alone, without its {@code AgentBuilder}, whose set-up (matchers, listeners, a transformer class it
     * generates) an application would pay for at its first AWS call. The name filter has already run, so only
     * the few classes the agent rewrites get here. Says what was rewritten (debug) and what could not be
     * (warn); a class that fails keeps its own code.
     */
    static final class Rewriter implements ClassFileTransformer {
        private final List<TypeInstrumentation> instrumentations;
        private final List<ElementMatcher<TypeDescription>> matchers = new ArrayList<ElementMatcher<TypeDescription>>();
        private final ElementMatcher<TypeDescription> ignored = ignored();
        private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);
        private final AgentLog log;

        Rewriter(List<TypeInstrumentation> instrumentations, AgentLog log) {
            this.instrumentations = instrumentations;
            for (TypeInstrumentation instrumentation : instrumentations) {
                matchers.add(instrumentation.types());
            }
            this.log = log;
        }

        @Override
        public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classFile) {
            String name = internalName.replace('/', '.');
            try {
                ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                                : ClassFileLocator.ForClassLoader.of(loader));
                TypePool pool = TypePool.Default.of(locator);
                TypeDescription type = pool.describe(name).resolve();
                if (ignored.matches(type)) {
                    return null;
                }
                DynamicType.Builder<?> builder = null;
                for (int i = 0; i < instrumentations.size(); i++) {
                    if (matchers.get(i).matches(type)) {
                        builder = instrumentations.get(i).transform(builder != null ? builder
                                : byteBuddy.decorate(type, locator));
                    }
                }
                if (builder == null) {
                    return null;
                }
                byte[] rewritten = builder.make(pool).getBytes();
                log.debug("instrumented " + name + " (" + (classBeingRedefined != null ? "retransformed" : "at load")
                        + ", class loader " + loader + ")");
                return rewritten;
            } catch (Throwable e) {
                log.warn("could not instrument " + name + " (class loader " + loader + "); its own code runs", e);
                return null;
            }
        }
    }
}
