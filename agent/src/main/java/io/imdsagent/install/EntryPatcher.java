package io.imdsagent.install;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves a plan whose calls are all on entry by patching the class file (JVMS 4), not by ASM's reader and writer,
 * whose ~25 classes cost an SDK app's first woven class ~20 ms to load, verify and run interpreted. Appends the
 * constants the calls name to the constant pool, so that every index in the class keeps its meaning, and puts
 * each hooked method's prologue (the instructions {@link WovenCall#emitOnEntry} emits) before its own code, whose
 * code offsets it then shifts. Everything else is copied byte for byte. Declines (returns null, for ASM to
 * rewrite) a plan with a call at a return, a class file newer than Java 25's and any method it cannot patch with
 * certainty.
 */
final class EntryPatcher {
    private static final int MAX_U2 = 0xFFFF;
    // the JVMS this follows is Java 25's: a newer class file may hold in its code what this cannot see
    private static final int NEWEST_VERSION = 69;
    // JVMS 6.5: the one-byte forms of iload..aload and istore..astore for locals 0 to 3, and ldc_w; ASM's
    // Opcodes has neither
    private static final int ILOAD_0 = 26;
    private static final int ISTORE_0 = 59;
    private static final int LDC_W = 19;
    private static final int SAME_LOCALS_1_STACK_ITEM = 64;
    private static final int SAME_LOCALS_1_STACK_ITEM_EXTENDED = 247;
    private static final int SAME_FRAME_EXTENDED = 251;
    private static final int FULL_FRAME = 255;
    private static final int ITEM_OBJECT = 7;
    private static final int ITEM_UNINITIALIZED = 8;

    private final ParsedClassFile classFile;
    private final byte[] bytes;
    private final Bytes addedConstants = new Bytes();
    private final Map<String, Integer> added = new HashMap<String, Integer>();
    private int constantCount;

    private EntryPatcher(ParsedClassFile classFile) {
        this.classFile = classFile;
        this.bytes = classFile.bytes;
        this.constantCount = classFile.constantCount;
    }

    /**
     * @param plan the calls to weave, by method name and descriptor
     * @return the patched class file, or null when ASM has to rewrite it
     */
    static byte[] patch(ParsedClassFile classFile, Map<String, List<WovenCall>> plan) {
        if (classFile.version > NEWEST_VERSION) {
            return null;
        }
        for (List<WovenCall> calls : plan.values()) {
            for (WovenCall call : calls) {
                if (!call.onEntry()) {
                    return null;
                }
            }
        }
        try {
            return new EntryPatcher(classFile).patch(plan);
        } catch (Declined declined) {
            return null;
        }
    }

    private byte[] patch(Map<String, List<WovenCall>> plan) {
        List<int[]> codeSpans = new ArrayList<int[]>();
        List<Bytes> codes = new ArrayList<Bytes>();
        for (ParsedClassFile.Method method : classFile.methods) {
            List<WovenCall> calls = plan.get(method.name + method.descriptor);
            if (calls != null) {
                int code = codeAttribute(method);
                codeSpans.add(new int[] {code, code + 6 + classFile.u4(code + 2)});
                codes.add(patchedCode(code, calls));
            }
        }
        Bytes out = new Bytes();
        out.copy(bytes, 0, 8);
        out.u2(constantCount);
        out.copy(bytes, 10, classFile.constantsEnd - 10);
        out.append(addedConstants);
        int from = classFile.constantsEnd;
        for (int i = 0; i < codes.size(); i++) {
            out.copy(bytes, from, codeSpans.get(i)[0] - from);
            out.append(codes.get(i));
            from = codeSpans.get(i)[1];
        }
        out.copy(bytes, from, bytes.length - from);
        return out.toByteArray();
    }

    /** The method's one Code attribute (JVMS 4.7.3). */
    private int codeAttribute(ParsedClassFile.Method method) {
        int code = -1;
        int at = method.start + 8;
        while (at < method.end) {
            if (classFile.isAscii(classFile.u2(at), "Code")) {
                decline(code < 0, "two Code attributes");
                code = at;
            }
            at += 6 + classFile.u4(at + 2);
        }
        decline(code >= 0, "no code");
        return code;
    }

    /**
     * The Code attribute at {@code at} with the calls' prologue before its code. The prologue is padded to a
     * multiple of 4 bytes with leading NOPs, since tableswitch and lookupswitch align their operands to the
     * method's start (JVMS 6.5); its stack map frames come before the method's own, and the method's first frame,
     * whose offset_delta counts from the last frame before it, is rewritten; code offsets are shifted.
     */
    private Bytes patchedCode(int at, List<WovenCall> calls) {
        boolean frames = classFile.version >= 50;
        Prologue prologue = new Prologue();
        int extraStack = 0;
        for (WovenCall call : calls) {
            call.emitOnEntry(prologue, frames);
            extraStack = Math.max(extraStack, call.extraStack());
        }
        int shift = prologue.finish();
        int codeLength = classFile.u4(at + 10);
        int maxStack = classFile.u2(at + 6) + extraStack;
        decline(maxStack <= MAX_U2 && codeLength + shift <= MAX_U2, "the code would be too large");
        Bytes out = new Bytes();
        out.u2(classFile.u2(at));
        int lengthAt = out.length();
        out.u4(0);
        out.u2(maxStack);
        out.u2(classFile.u2(at + 8));
        out.u4(codeLength + shift);
        out.append(prologue.code);
        out.copy(bytes, at + 14, codeLength);
        int p = at + 14 + codeLength;
        int handlers = classFile.u2(p);
        out.u2(handlers);
        p += 2;
        for (int i = 0; i < handlers; i++, p += 8) {
            out.u2(classFile.u2(p) + shift); // start_pc
            out.u2(classFile.u2(p + 2) + shift); // end_pc
            out.u2(classFile.u2(p + 4) + shift); // handler_pc
            out.u2(classFile.u2(p + 6)); // catch_type
        }
        int attributes = classFile.u2(p);
        int attributesAt = out.length();
        out.u2(attributes);
        p += 2;
        boolean tableWritten = false;
        for (int i = 0; i < attributes; i++) {
            int name = classFile.u2(p);
            int next = p + 6 + classFile.u4(p + 2);
            if (classFile.isAscii(name, "StackMapTable")) {
                stackMapTable(out, name, p + 6, next, prologue, shift);
                tableWritten = true;
            } else if (classFile.isAscii(name, "LineNumberTable")) {
                shiftTable(out, p, next, 4, shift); // JVMS 4.7.12: start_pc, line_number
            } else if (classFile.isAscii(name, "LocalVariableTable")
                    || classFile.isAscii(name, "LocalVariableTypeTable")) {
                shiftTable(out, p, next, 10, shift); // JVMS 4.7.13, 4.7.14: start_pc, length, name, type, index
            } else {
                // the type annotations (JVMS 4.7.20) hold code offsets too; anything unknown may
                throw new Declined("a Code attribute " + classFile.utf8(name));
            }
            p = next;
        }
        decline(p == at + 6 + classFile.u4(at + 2), "a Code attribute of another length");
        if (!tableWritten && !prologue.frameOffsets.isEmpty()) {
            stackMapTable(out, utf8("StackMapTable"), 0, 0, prologue, shift);
            out.set2(attributesAt, attributes + 1);
        }
        out.set4(lengthAt, out.length() - lengthAt - 4);
        return out;
    }

    /** An attribute whose entries start with a code offset: a u2 count, then entries of {@code size} bytes. */
    private void shiftTable(Bytes out, int at, int end, int size, int shift) {
        int entries = classFile.u2(at + 6);
        decline(at + 8 + entries * size == end, "a table of another length");
        out.copy(bytes, at, 8);
        for (int p = at + 8; p < end; p += size) {
            out.u2(classFile.u2(p) + shift);
            out.copy(bytes, p + 2, size - 2);
        }
    }

    /**
     * The StackMapTable (JVMS 4.7.4) with the prologue's frames first: the method's own frames from
     * {@code at} to {@code end} (none when the method had no table) follow, the first with its offset_delta
     * counted from the prologue's last frame, and every uninitialized type's offset of its {@code new} shifted.
     * The prologue's frames keep the initial locals, so the method's frames, each relative to the one before,
     * keep their meaning.
     */
    private void stackMapTable(Bytes out, int name, int at, int end, Prologue prologue, int shift) {
        int own = at == end ? 0 : classFile.u2(at);
        decline(own + prologue.frameOffsets.size() <= MAX_U2, "too many frames");
        out.u2(name);
        int lengthAt = out.length();
        out.u4(0);
        out.u2(own + prologue.frameOffsets.size());
        int previous = -1; // the first frame's offset is its offset_delta, each next one's is one more than that
        for (int i = 0; i < prologue.frameOffsets.size(); i++) {
            int offset = prologue.frameOffsets.get(i);
            writeFrameStart(out, SAME_LOCALS_1_STACK_ITEM, offset - previous - 1);
            out.u1(ITEM_OBJECT);
            out.u2(prologue.frameClasses.get(i));
            previous = offset;
        }
        int p = at + 2;
        for (int i = 0; i < own; i++) {
            int start = p;
            int type = bytes[p++] & 0xFF;
            int delta;
            if (type < SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
                decline(type < 128, "a reserved frame type");
                delta = type < SAME_LOCALS_1_STACK_ITEM ? type : type - SAME_LOCALS_1_STACK_ITEM;
                type = type < SAME_LOCALS_1_STACK_ITEM ? 0 : SAME_LOCALS_1_STACK_ITEM;
            } else {
                delta = classFile.u2(p);
                p += 2;
            }
            if (i == 0) {
                writeFrameStart(out, type, shift + delta - previous - 1);
            } else {
                out.copy(bytes, start, p - start);
            }
            if (type == SAME_LOCALS_1_STACK_ITEM || type == SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
                p = copyTypes(out, p, 1, shift);
            } else if (type > SAME_FRAME_EXTENDED && type < FULL_FRAME) {
                p = copyTypes(out, p, type - SAME_FRAME_EXTENDED, shift);
            } else if (type == FULL_FRAME) {
                for (int list = 0; list < 2; list++) { // locals, then stack
                    int count = classFile.u2(p);
                    out.u2(count);
                    p = copyTypes(out, p + 2, count, shift);
                }
            }
        }
        decline(at == end || p == end, "a StackMapTable of another length");
        out.set4(lengthAt, out.length() - lengthAt - 4);
    }

    /**
     * A frame's type and offset_delta: a same_frame or same_locals_1_stack_item_frame in the short form when
     * the delta fits it (0 to 63), in the extended one when not; the other frame types as they were. Only a
     * first frame is written so: the others keep their bytes.
     */
    private static void writeFrameStart(Bytes out, int type, int delta) {
        if (type < SAME_LOCALS_1_STACK_ITEM || type == SAME_FRAME_EXTENDED) {
            type = delta < SAME_LOCALS_1_STACK_ITEM ? delta : SAME_FRAME_EXTENDED;
        } else if (type < 128 || type == SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
            type = delta < SAME_LOCALS_1_STACK_ITEM ? SAME_LOCALS_1_STACK_ITEM + delta
                    : SAME_LOCALS_1_STACK_ITEM_EXTENDED;
        }
        out.u1(type);
        if (type >= SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
            out.u2(delta);
        }
    }

    /** verification_type_info entries (JVMS 4.7.4): Object names a class, Uninitialized a code offset. */
    private int copyTypes(Bytes out, int p, int count, int shift) {
        for (int i = 0; i < count; i++) {
            int tag = bytes[p++] & 0xFF;
            out.u1(tag);
            if (tag == ITEM_OBJECT) {
                out.u2(classFile.u2(p));
                p += 2;
            } else if (tag == ITEM_UNINITIALIZED) {
                out.u2(classFile.u2(p) + shift);
                p += 2;
            } else {
                decline(tag < ITEM_OBJECT, "an unknown verification type");
            }
        }
        return p;
    }

    private int utf8(String text) {
        String key = "1:" + text;
        Integer index = added.get(key);
        if (index != null) {
            return index;
        }
        Bytes encoded = new Bytes();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 1 && c < 0x80) { // JVMS 4.4.7: modified UTF-8, where U+0000 takes two bytes
                encoded.u1(c);
            } else if (c < 0x800) {
                encoded.u1(0xC0 | c >> 6);
                encoded.u1(0x80 | c & 0x3F);
            } else {
                encoded.u1(0xE0 | c >> 12);
                encoded.u1(0x80 | c >> 6 & 0x3F);
                encoded.u1(0x80 | c & 0x3F);
            }
        }
        decline(encoded.length() <= MAX_U2, "a constant too long");
        addedConstants.u1(1);
        addedConstants.u2(encoded.length());
        addedConstants.append(encoded);
        return add(key);
    }

    /** A CONSTANT_Class (7) or CONSTANT_String (8): a tag and the index of a Utf8. */
    private int named(int tag, String name) {
        String key = tag + ":" + name;
        Integer index = added.get(key);
        if (index != null) {
            return index;
        }
        int utf8 = utf8(name);
        addedConstants.u1(tag);
        addedConstants.u2(utf8);
        return add(key);
    }

    /** A CONSTANT_Fieldref (9), Methodref (10) or InterfaceMethodref (11), with its NameAndType (12). */
    private int member(int tag, String owner, String name, String descriptor) {
        String key = tag + ":" + owner + "." + name.length() + ":" + name + descriptor;
        Integer index = added.get(key);
        if (index != null) {
            return index;
        }
        int ownerIndex = named(7, owner);
        String nameAndTypeKey = "12:" + name.length() + ":" + name + descriptor;
        Integer nameAndType = added.get(nameAndTypeKey);
        if (nameAndType == null) {
            int nameIndex = utf8(name);
            int descriptorIndex = utf8(descriptor);
            addedConstants.u1(12);
            addedConstants.u2(nameIndex);
            addedConstants.u2(descriptorIndex);
            nameAndType = add(nameAndTypeKey);
        }
        addedConstants.u1(tag);
        addedConstants.u2(ownerIndex);
        addedConstants.u2(nameAndType);
        return add(key);
    }

    /** The index of the constant just appended; the pool holds at most 65534 (constant_pool_count is a u2). */
    private int add(String key) {
        decline(constantCount < MAX_U2, "the constant pool is full");
        added.put(key, constantCount);
        return constantCount++;
    }

    private static void decline(boolean certain, String why) {
        if (!certain) {
            throw new Declined(why);
        }
    }

    /** Why ASM rewrites the class instead: cheap to throw (no stack trace), never seen outside. */
    static final class Declined extends RuntimeException {
        Declined(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Encodes what {@link WovenCall#emitOnEntry} emits (loads, a field read, string constants, static calls,
     * casts, one forward branch and the frame at its target) as bytecode, its constants appended to the pool.
     * ASM's MethodVisitor and Label are small; its MethodWriter is what this replaces.
     */
    final class Prologue extends MethodVisitor {
        final Bytes code = new Bytes();
        final List<Integer> frameOffsets = new ArrayList<Integer>();
        final List<Integer> frameClasses = new ArrayList<Integer>();
        private final List<Label> jumpTargets = new ArrayList<Label>();
        private final List<Integer> jumps = new ArrayList<Integer>();

        Prologue() {
            super(Opcodes.ASM9);
        }

        /** Pads the start with NOPs to a multiple of 4 bytes; returns the length. */
        int finish() {
            decline(jumps.isEmpty(), "a branch to no label");
            int padding = -code.length() & 3;
            code.insertZeros(padding); // NOP is 0
            for (int i = 0; i < frameOffsets.size(); i++) {
                frameOffsets.set(i, frameOffsets.get(i) + padding);
            }
            return code.length();
        }

        @Override
        public void visitInsn(int opcode) {
            code.u1(opcode); // all of ASM's instructions without operands take one byte
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            boolean load = opcode >= Opcodes.ILOAD && opcode <= Opcodes.ALOAD;
            decline(load || opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE, "a ret");
            decline(slot < 256, "a local past 255, which takes the wide form");
            if (slot < 4) {
                code.u1(load ? ILOAD_0 + 4 * (opcode - Opcodes.ILOAD) + slot
                        : ISTORE_0 + 4 * (opcode - Opcodes.ISTORE) + slot);
            } else {
                code.u1(opcode);
                code.u1(slot);
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            int field = member(9, owner, name, descriptor);
            code.u1(opcode);
            code.u2(field);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                    boolean isInterface) {
            decline(opcode != Opcodes.INVOKEINTERFACE, "an interface call"); // it has two more bytes
            int method = member(isInterface ? 11 : 10, owner, name, descriptor);
            code.u1(opcode);
            code.u2(method);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            int named = named(7, type);
            code.u1(opcode);
            code.u2(named);
        }

        @Override
        public void visitLdcInsn(Object value) {
            decline(value instanceof String, "a constant other than a string");
            int string = named(8, (String) value);
            if (string < 256) {
                code.u1(Opcodes.LDC);
                code.u1(string);
            } else {
                code.u1(LDC_W);
                code.u2(string);
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            jumpTargets.add(label);
            jumps.add(code.length());
            code.u1(opcode);
            code.u2(0); // the branch offset, once the label is placed
        }

        @Override
        public void visitLabel(Label label) {
            for (int i = jumps.size() - 1; i >= 0; i--) {
                if (jumpTargets.get(i) == label) {
                    code.set2(jumps.get(i) + 1, code.length() - jumps.get(i));
                    jumps.remove(i);
                    jumpTargets.remove(i);
                }
            }
        }

        @Override
        public void visitFrame(int type, int locals, Object[] local, int stack, Object[] stackTypes) {
            decline(type == Opcodes.F_SAME1 && stackTypes[0] instanceof String, "a frame of another kind");
            frameOffsets.add(code.length());
            frameClasses.add(named(7, (String) stackTypes[0]));
        }
    }

    /** A growing byte array written big-endian, as class files are. */
    static final class Bytes {
        private byte[] data = new byte[256];
        private int length;

        int length() {
            return length;
        }

        void u1(int value) {
            if (length == data.length) {
                grow(1);
            }
            data[length++] = (byte) value;
        }

        void u2(int value) {
            u1(value >>> 8);
            u1(value);
        }

        void u4(int value) {
            u2(value >>> 16);
            u2(value);
        }

        void set2(int at, int value) {
            data[at] = (byte) (value >>> 8);
            data[at + 1] = (byte) value;
        }

        void set4(int at, int value) {
            set2(at, value >>> 16);
            set2(at + 2, value);
        }

        void copy(byte[] from, int at, int count) {
            grow(count);
            System.arraycopy(from, at, data, length, count);
            length += count;
        }

        void append(Bytes other) {
            copy(other.data, 0, other.length);
        }

        void insertZeros(int count) {
            grow(count);
            System.arraycopy(data, 0, data, count, length);
            Arrays.fill(data, 0, count, (byte) 0);
            length += count;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(data, length);
        }

        private void grow(int more) {
            if (length + more > data.length) {
                data = Arrays.copyOf(data, Math.max(2 * data.length, length + more));
            }
        }
    }
}
