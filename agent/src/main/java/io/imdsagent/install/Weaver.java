package io.imdsagent.install;

import io.imdsagent.events.AgentLog;
import io.imdsagent.instrument.Hook;
import io.imdsagent.instrument.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites the classes the {@link DeferredInstaller} lets through: each {@link Hook} of the instrumentations
 * naming a class becomes a bridge call woven into the method it picks. A class whose calls are all on entry (the
 * SDK providers, the connects, most targets) is patched by the {@link EntryPatcher}, so that an application's
 * first AWS class costs no ASM reader or writer; the others are rewritten by ASM (ByteBuddy's copy, relocated with
 * it inside the agent jar) alone. Code only, no new members, which retransformation requires, so that an attach to
 * a running JVM also rewrites classes it has already loaded. Says what was rewritten and how (debug) and what could
 * not be (warn); a class that fails keeps its own code, all of it.
 */
final class Weaver implements ClassFileTransformer {
    private final Instrumentations instrumentations;
    private final Class<?> bridgeClass;
    private final String bridge;
    // the types of the bridge methods hooks have named so far; guarded by itself
    private final Map<String, Type> bridgeMethods = new HashMap<String, Type>();
    private final AgentLog log;

    /** @param bridge the class whose static methods the hooks name: the bootstrap bridge, or a test's */
    Weaver(Instrumentations instrumentations, Class<?> bridge, AgentLog log) {
        this.instrumentations = instrumentations;
        this.bridgeClass = bridge;
        this.bridge = Type.getInternalName(bridge);
        this.log = log;
    }

    /** Never rewritten, whatever its name ends with: the agent itself, and what it has relocated inside it. */
    static boolean rewritable(String internalName) {
        return !internalName.startsWith("io/imdsagent/");
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (internalName == null || !rewritable(internalName)) {
            return null;
        }
        List<Hook> wanted = hooksOf(internalName);
        if (wanted.isEmpty()) {
            return null;
        }
        String name = internalName.replace('/', '.');
        try {
            ParsedClassFile parsed = new ParsedClassFile(classFile);
            Map<String, List<WovenCall>> plan = plan(internalName, parsed, wanted);
            if (plan.isEmpty()) {
                return null;
            }
            // the patcher costs a few small classes, ASM's reader and writer ~25 large ones
            String by = "the entry patcher";
            byte[] rewritten = EntryPatcher.patch(parsed, plan);
            if (rewritten == null) {
                by = "ASM";
                rewritten = AsmRewriter.rewrite(classFile, plan, parsed.version >= Opcodes.V1_6);
            }
            log.debug("instrumented " + name + " (" + (classBeingRedefined != null ? "retransformed" : "at load")
                    + " by " + by + ", class loader " + loader + ")");
            return rewritten;
        } catch (Throwable e) {
            log.warn("could not instrument " + name + " (class loader " + loader + "); its own code runs", e);
            return null;
        }
    }

    /** The hooks of the instrumentations that name this class. */
    List<Hook> hooksOf(String internalName) {
        List<Hook> wanted = new ArrayList<Hook>();
        for (int i = 0; i < instrumentations.size(); i++) {
            for (String className : instrumentations.classNames(i)) {
                if (TypeInstrumentation.isNamed(internalName, className)) {
                    for (Hook hook : instrumentations.get(i).hooks()) {
                        if (hook.onlyIn() == null || TypeInstrumentation.isNamed(internalName, hook.onlyIn())) {
                            wanted.add(hook);
                        }
                    }
                    break;
                }
            }
        }
        return wanted;
    }

    /**
     * The public static bridge method of this name (names are unique there), or null; looked up when a hook first
     * names it, since a JVM's first target needs one or two of the bridge's methods, not all of them.
     */
    private Type bridgeMethod(String name) {
        synchronized (bridgeMethods) {
            Type type = bridgeMethods.get(name);
            if (type == null) {
                for (Method method : bridgeClass.getDeclaredMethods()) {
                    if (method.getName().equals(name) && Modifier.isStatic(method.getModifiers())
                            && Modifier.isPublic(method.getModifiers())) {
                        type = Type.getType(method);
                        bridgeMethods.put(name, type);
                    }
                }
            }
            return type;
        }
    }

    /**
     * The calls to weave, by method name and descriptor: every hook checked against every method it picks; none
     * in an interface or a synthetic class. What both the {@link EntryPatcher} and the {@link AsmRewriter} weave.
     *
     * @throws IllegalArgumentException when a hook picks a method it does not fit
     */
    Map<String, List<WovenCall>> plan(String owner, ParsedClassFile parsed, List<Hook> wanted) {
        Map<String, List<WovenCall>> plan = new HashMap<String, List<WovenCall>>();
        if ((parsed.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_SYNTHETIC)) != 0) {
            return plan;
        }
        for (ParsedClassFile.Method method : parsed.methods) {
            if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                continue;
            }
            for (Hook hook : wanted) {
                if (!picks(hook, method.name, method.descriptor, parsed)) {
                    continue;
                }
                Type bridgeMethod = bridgeMethod(hook.bridgeMethod());
                if (bridgeMethod == null) {
                    throw new IllegalArgumentException("the bridge has no method " + hook.bridgeMethod());
                }
                WovenCall call;
                try {
                    call = new WovenCall(hook, owner, method.access, method.name, method.descriptor,
                            parsed.instanceFields, bridge, bridgeMethod);
                } catch (IllegalArgumentException unfit) {
                    throw new IllegalArgumentException(hook + " does not fit " + method.name + method.descriptor
                            + ": " + unfit.getMessage());
                }
                String key = method.name + method.descriptor;
                if (!plan.containsKey(key)) {
                    plan.put(key, new ArrayList<WovenCall>());
                }
                plan.get(key).add(call);
            }
        }
        return plan;
    }

    private static boolean picks(Hook hook, String name, String descriptor, ParsedClassFile parsed) {
        if (!hook.method().equals(name)) {
            return false;
        }
        Type[] arguments = Type.getArgumentTypes(descriptor);
        if (arguments.length != hook.arguments()) {
            return false;
        }
        int typed = hook.typedArgument();
        if (typed >= 0 && (typed >= arguments.length || arguments[typed].getSort() != Type.OBJECT
                || !TypeInstrumentation.isNamed(arguments[typed].getInternalName(), hook.typedArgumentClass()))) {
            return false;
        }
        return hook.unlessOverloadTakes() < 0 || !parsed.declares(name, hook.unlessOverloadTakes());
    }
}
