package io.imdsagent.install;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.imdsagent.events.AgentLog;
import io.imdsagent.instrument.JdkHttpClientInstrumentation;
import io.imdsagent.instrument.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The ByteBuddy recipe: how the classes the {@link DeferredInstaller} lets through are rewritten. Loaded only
 * when the first of them appears. Retransformation, so that an attach to a running JVM also rewrites classes it
 * has already loaded; no class format changes (no new members), which retransformation forbids and which keeps
 * the rewritten classes what they were plus advice.
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
                .or(nameStartsWith("jdk.internal.").and(not(named(JdkHttpClientInstrumentation.CLIENT))))
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
        return agentBuilder(log, AgentInstaller.instrumentations()).makeRaw();
    }

    static AgentBuilder agentBuilder(AgentLog log, List<TypeInstrumentation> instrumentations) {
        // Advice is inlined and needs no initializers, so ByteBuddy's Nexus is not needed; left enabled, its
        // set-up reaches sun.misc.Unsafe, which makes JDK 24+ warn on the application's stderr. The property
        // is the relocated ByteBuddy's own, so an application's ByteBuddy is unaffected.
        if (System.getProperty(Nexus.PROPERTY) == null) {
            System.setProperty(Nexus.PROPERTY, "true");
        }
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new TransformationLog(log))
                .ignore(ignored());
        for (final TypeInstrumentation instrumentation : instrumentations) {
            builder = builder.type(instrumentation.types()).transform(new AgentBuilder.Transformer() {
                @Override
                public DynamicType.Builder<?> transform(DynamicType.Builder<?> type, TypeDescription description,
                                                        ClassLoader loader, JavaModule module,
                                                        ProtectionDomain protectionDomain) {
                    return instrumentation.transform(type);
                }
            });
        }
        return builder;
    }

    /** Says what was rewritten (debug) and what could not be (warn); a class that fails keeps its own code. */
    static final class TransformationLog extends AgentBuilder.Listener.Adapter {
        private final AgentLog log;

        TransformationLog(AgentLog log) {
            this.log = log;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            log.debug("instrumented " + type.getName() + " (" + (loaded ? "retransformed" : "at load")
                    + ", class loader " + loader + ")");
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            log.warn("could not instrument " + typeName + " (class loader " + loader + "); its own code runs", error);
        }
    }
}
