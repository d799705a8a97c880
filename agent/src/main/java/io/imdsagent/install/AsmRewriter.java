package io.imdsagent.install;

import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves a plan with ASM's reader and writer: every plan, calls at returns included, and every class the
 * {@link EntryPatcher} declines. A class of its own so that ASM's reader and writer load (and the weaver's
 * verification loads them) only when a class needs them. The constant pool and every untouched method are copied
 * as they are, and no frame is computed (that loads classes to find common superclasses); the one branch an
 * answer adds gets its frame from {@link WovenCall}.
 */
final class AsmRewriter {
    private AsmRewriter() {
    }

    /**
     * @param plan the calls to weave, by method name and descriptor
     * @param frames whether the class file has stack map frames (version 50 and later)
     */
    static byte[] rewrite(byte[] classFile, final Map<String, List<WovenCall>> plan, final boolean frames) {
        ClassReader reader = new ClassReader(classFile);
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
}
