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
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Rewrites the classes the {@link DeferredInstaller} lets through: each {@link Hook} of the instrumentations
 * naming a class becomes a bridge call woven into the method it picks, with ASM alone (ByteBuddy's copy, relocated
 * with it inside the agent jar), so that an application's first AWS class costs ASM's reader and writer and
 * nothing else of ByteBuddy. Code only, no new members, which retransformation requires, so that an attach to a
 * running JVM also rewrites classes it has already loaded. The constant pool and every untouched method are
 * copied as they are, and no frame is computed (that loads classes to find common superclasses); the one branch
 * an answer adds gets its frame here. Says what was rewritten (debug) and what could not be (warn); a class that
 * fails keeps its own code, all of it.
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

    Weaver(List<TypeInstrumentation> instrumentations, Class<?> bridge, AgentLog log) {
        this(Instrumentations.of(instrumentations), bridge, log);
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
            byte[] rewritten = weave(internalName, classFile, wanted);
            if (rewritten != null) {
                log.debug("instrumented " + name + " (" + (classBeingRedefined != null ? "retransformed" : "at load")
                        + ", class loader " + loader + ")");
            }
            return rewritten;
        } catch (Throwable e) {
            log.warn("could not instrument " + name + " (class loader " + loader + "); its own code runs", e);
            return null;
        }
    }

    /** The hooks of the instrumentations that name this class. */
    private List<Hook> hooksOf(String internalName) {
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
     * @return the class file with the hooks woven in, or null when none picks a method (an interface, a class
     *     declaring none of the methods)
     * @throws IllegalArgumentException when a hook picks a method it does not fit
     */
    private byte[] weave(String owner, byte[] classFile, List<Hook> wanted) {
        ClassReader reader = new ClassReader(classFile);
        if ((reader.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_SYNTHETIC)) != 0) {
            return null;
        }
        Members members = new Members();
        reader.accept(members, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        final Map<String, List<WovenCall>> plan = plan(owner, members, wanted);
        if (plan.isEmpty()) {
            return null;
        }
        final boolean frames = (members.version & 0xFFFF) >= Opcodes.V1_6;
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor code = super.visitMethod(access, name, descriptor, signature, exceptions);
                List<WovenCall> calls = plan.get(name + descriptor);
                return calls == null ? code : new HookedMethod(code, calls, frames);
            }
        }, 0);
        return writer.toByteArray();
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

    /** The calls to weave, by method name and descriptor: every hook checked against every method it picks. */
    private Map<String, List<WovenCall>> plan(String owner, Members members, List<Hook> wanted) {
        Map<String, List<WovenCall>> plan = new HashMap<String, List<WovenCall>>();
        for (Member method : members.methods) {
            if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                continue;
            }
            for (Hook hook : wanted) {
                if (!picks(hook, method.name, method.descriptor, members)) {
                    continue;
                }
                Type bridgeMethod = bridgeMethod(hook.bridgeMethod());
                if (bridgeMethod == null) {
                    throw new IllegalArgumentException("the bridge has no method " + hook.bridgeMethod());
                }
                WovenCall call;
                try {
                    call = new WovenCall(hook, owner, method.access, method.name, method.descriptor, members.fields,
                            bridge, bridgeMethod);
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

    private static boolean picks(Hook hook, String name, String descriptor, Members members) {
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
        return hook.unlessOverloadTakes() < 0 || !members.declares(name, hook.unlessOverloadTakes());
    }

    /** The calls woven into one method: on entry, and before each return of a value. */
    private static final class HookedMethod extends MethodVisitor {
        private final List<WovenCall> calls;
        private final boolean frames;

        HookedMethod(MethodVisitor code, List<WovenCall> calls, boolean frames) {
            super(Opcodes.ASM9, code);
            this.calls = calls;
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (WovenCall call : calls) {
                if (call.onEntry()) {
                    call.emitOnEntry(mv, frames);
                }
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.ARETURN) {
                for (WovenCall call : calls) {
                    if (!call.onEntry()) {
                        call.emitAtReturn(mv);
                    }
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            int extra = 0;
            for (WovenCall call : calls) {
                extra = Math.max(extra, call.extraStack());
            }
            super.visitMaxs(maxStack + extra, maxLocals);
        }
    }

    /** What a class declares, read before it is rewritten: its version, instance fields and methods. */
    private static final class Members extends ClassVisitor {
        int version;
        final Map<String, String> fields = new HashMap<String, String>();
        final List<Member> methods = new ArrayList<Member>();

        Members() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            this.version = version;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if ((access & Opcodes.ACC_STATIC) == 0) {
                fields.put(name, descriptor);
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            methods.add(new Member(access, name, descriptor));
            return null;
        }

        boolean declares(String name, int arguments) {
            for (Member method : methods) {
                if (method.name.equals(name) && Type.getArgumentTypes(method.descriptor).length == arguments) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A declared method. */
    private static final class Member {
        final int access;
        final String name;
        final String descriptor;

        Member(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }
    }
}
