package io.imdsagent.install;

import io.imdsagent.instrument.Hook;
import java.util.Map;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * One {@link Hook} resolved against one method of one class: the bridge call's instructions, checked before
 * anything is written so that a hook that does not fit (a library changed a type) leaves the class as it was
 * rather than fail its verification in the host.
 */
final class WovenCall {
    private static final Type OBJECT = Type.getType(Object.class);
    private static final Type STRING = Type.getType(String.class);
    private static final String RETURN_OR_THROW = "returnOrThrow";
    private static final String RETURN_OR_THROW_DESCRIPTOR = "(Ljava/lang/Object;)Ljava/lang/Object;";
    private static final Object[] ONE_OBJECT = {"java/lang/Object"};

    private final Hook hook;
    private final Hook.Value[] values;
    private final String owner;
    private final String bridge;
    private final Type bridgeMethod;
    private final Type[] arguments;
    private final int[] slots;
    private final Type returned;
    private final Type[] valueTypes;
    // the cast from what the bridge returns to what replaces the argument or return value, or null
    private final String cast;
    private final int extraStack;

    /**
     * @param owner the class's internal name
     * @param fields the descriptors of the class's instance fields, by name
     * @param bridge the bridge's internal name
     * @param bridgeMethod the type of the bridge method the hook names
     * @throws IllegalArgumentException why the hook does not fit this method
     */
    WovenCall(Hook hook, String owner, int access, String name, String descriptor,
              Map<String, String> fields, String bridge, Type bridgeMethod) {
        this.hook = hook;
        this.values = hook.values();
        this.owner = owner;
        this.bridge = bridge;
        this.bridgeMethod = bridgeMethod;
        this.arguments = Type.getArgumentTypes(descriptor);
        this.returned = Type.getReturnType(descriptor);
        this.slots = slots(access, arguments);
        boolean constructor = "<init>".equals(name);
        boolean hasThis = (access & Opcodes.ACC_STATIC) == 0 && !constructor;
        this.valueTypes = new Type[values.length];
        for (int i = 0; i < values.length; i++) {
            valueTypes[i] = typeOf(values[i], hasThis, fields);
        }
        Type[] parameters = bridgeMethod.getArgumentTypes();
        boolean atReturn = hook.shape() == Hook.Shape.FILTER_RETURN || hook.shape() == Hook.Shape.OBSERVE_RETURN;
        require(parameters.length == values.length + (atReturn ? 1 : 0), "the bridge method takes "
                + parameters.length + " values");
        for (int i = 0; i < values.length; i++) {
            require(passes(valueTypes[i], parameters[i]), "value " + i + " is no " + parameters[i].getClassName());
        }
        Type result = bridgeMethod.getReturnType();
        switch (hook.shape()) {
            case ANSWER:
                require(!constructor && (isReference(returned) || returned.getSort() == Type.VOID)
                        && isReference(result), "an answer needs a method returning an object or nothing, and a"
                        + " bridge method returning an object");
                cast = returned.equals(OBJECT) || returned.getSort() == Type.VOID ? null : returned.getInternalName();
                extraStack = Math.max(size(valueTypes), 2);
                break;
            case REPLACE_ARGUMENT:
                require(hook.replaced() >= 0 && hook.replaced() < arguments.length, "no argument to replace");
                cast = cast(result, arguments[hook.replaced()]);
                extraStack = Math.max(size(valueTypes), result.getSize());
                break;
            case FILTER_RETURN:
                requireAtReturn(parameters[values.length]);
                cast = cast(result, returned);
                extraStack = values.length;
                break;
            default:
                requireAtReturn(parameters[values.length]);
                require(result.getSort() == Type.VOID, "an observer's bridge method returns nothing");
                cast = null;
                extraStack = values.length + 1;
        }
    }

    boolean onEntry() {
        return hook.shape() == Hook.Shape.ANSWER || hook.shape() == Hook.Shape.REPLACE_ARGUMENT;
    }

    /** Stack slots the call needs beyond the method's own. */
    int extraStack() {
        return extraStack;
    }

    /**
     * At the method's start, where the stack is empty and the locals are the arguments.
     *
     * @param frames whether the class file has stack map frames (version 50 and later)
     */
    void emitOnEntry(MethodVisitor code, boolean frames) {
        for (int i = 0; i < values.length; i++) {
            load(code, i);
        }
        callBridge(code);
        if (hook.shape() == Hook.Shape.REPLACE_ARGUMENT) {
            castIfNeeded(code);
            code.visitVarInsn(arguments[hook.replaced()].getOpcode(Opcodes.ISTORE), slots[hook.replaced()]);
            return;
        }
        Label ownCode = new Label();
        code.visitInsn(Opcodes.DUP);
        code.visitJumpInsn(Opcodes.IFNULL, ownCode);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, bridge, RETURN_OR_THROW, RETURN_OR_THROW_DESCRIPTOR, false);
        if (returned.getSort() == Type.VOID) {
            code.visitInsn(Opcodes.POP);
            code.visitInsn(Opcodes.RETURN);
        } else {
            castIfNeeded(code);
            code.visitInsn(Opcodes.ARETURN);
        }
        code.visitLabel(ownCode);
        if (frames) {
            // the locals are still the initial ones, so the method's own frames, relative to them, stay right
            code.visitFrame(Opcodes.F_SAME1, 0, null, 1, ONE_OBJECT);
        }
        code.visitInsn(Opcodes.POP);
    }

    /** Before a return instruction, the value returned on top of the stack. */
    void emitAtReturn(MethodVisitor code) {
        if (hook.shape() == Hook.Shape.OBSERVE_RETURN) {
            code.visitInsn(Opcodes.DUP);
        }
        // each value goes under the one returned, which the bridge method takes last
        for (int i = 0; i < values.length; i++) {
            load(code, i);
            code.visitInsn(Opcodes.SWAP);
        }
        callBridge(code);
        castIfNeeded(code);
    }

    private void callBridge(MethodVisitor code) {
        code.visitMethodInsn(Opcodes.INVOKESTATIC, bridge, hook.bridgeMethod(), bridgeMethod.getDescriptor(), false);
    }

    private void castIfNeeded(MethodVisitor code) {
        if (cast != null) {
            code.visitTypeInsn(Opcodes.CHECKCAST, cast);
        }
    }

    private void load(MethodVisitor code, int i) {
        Hook.Value value = values[i];
        switch (value.kind()) {
            case THIS:
                code.visitVarInsn(Opcodes.ALOAD, 0);
                break;
            case ARGUMENT:
                code.visitVarInsn(valueTypes[i].getOpcode(Opcodes.ILOAD), slots[value.argument()]);
                break;
            case FIELD:
                code.visitVarInsn(Opcodes.ALOAD, 0);
                code.visitFieldInsn(Opcodes.GETFIELD, owner, value.name(), valueTypes[i].getDescriptor());
                break;
            case CONSTANT:
                code.visitLdcInsn(value.name());
                break;
            default:
                code.visitInsn(Opcodes.ACONST_NULL);
        }
    }

    /** null for {@link Hook.Value#none()}, which any object parameter takes. */
    private Type typeOf(Hook.Value value, boolean hasThis, Map<String, String> fields) {
        switch (value.kind()) {
            case THIS:
                require(hasThis, "no this to pass (a static method, or a constructor before super())");
                return Type.getObjectType(owner);
            case ARGUMENT:
                require(value.argument() >= 0 && value.argument() < arguments.length, "no argument "
                        + value.argument());
                return arguments[value.argument()];
            case FIELD:
                require(hasThis && fields.containsKey(value.name()), "no instance field " + value.name());
                return Type.getType(fields.get(value.name()));
            case CONSTANT:
                return STRING;
            default:
                return null;
        }
    }

    private void requireAtReturn(Type parameter) {
        require(returned.getSize() == 1, "a value returned at the return must take one stack slot");
        for (Type type : valueTypes) {
            require(type == null || type.getSize() == 1, "values passed at the return must take one stack slot");
        }
        require(passes(returned, parameter), "the value returned is no " + parameter.getClassName());
    }

    /** The cast from what the bridge returns to {@code target}: none, or to the target's class. */
    private static String cast(Type result, Type target) {
        if (result.equals(target)) {
            return null;
        }
        require(result.equals(OBJECT) && isReference(target), "the bridge returns no " + target.getClassName());
        return target.getInternalName();
    }

    private static boolean passes(Type value, Type parameter) {
        if (value == null) {
            return isReference(parameter);
        }
        return value.equals(parameter) || parameter.equals(OBJECT) && isReference(value);
    }

    private static boolean isReference(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }

    private static int size(Type[] types) {
        int size = 0;
        for (Type type : types) {
            size += type == null ? 1 : type.getSize();
        }
        return size;
    }

    /** The local variable slot of each argument. */
    private static int[] slots(int access, Type[] arguments) {
        int[] slots = new int[arguments.length];
        int slot = (access & Opcodes.ACC_STATIC) == 0 ? 1 : 0;
        for (int i = 0; i < arguments.length; i++) {
            slots[i] = slot;
            slot += arguments[i].getSize();
        }
        return slots;
    }

    private static void require(boolean fits, String why) {
        if (!fits) {
            throw new IllegalArgumentException(why);
        }
    }
}
