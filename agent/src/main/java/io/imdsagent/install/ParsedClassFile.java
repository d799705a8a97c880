package io.imdsagent.install;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * What the {@link Weaver} plans with, read straight from a class file (JVMS 4.1): its version, access, instance
 * fields and methods, and where the constant pool and each method lie for the {@link EntryPatcher}. Reads no
 * code and decodes only the names and descriptors of members, so that planning costs no ASM reader.
 */
final class ParsedClassFile {
    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_LONG = 5;
    private static final int CONSTANT_DOUBLE = 6;

    final byte[] bytes;
    /** The major version: 49 is Java 5, 50 the first with stack map frames. */
    final int version;
    final int access;
    /** constant_pool_count: one more than the highest constant index. */
    final int constantCount;
    /** Where access_flags starts, just past the constant pool. */
    final int constantsEnd;
    /** The descriptors of the instance fields, by name. */
    final Map<String, String> instanceFields = new HashMap<String, String>();
    final List<Method> methods = new ArrayList<Method>();
    // where each constant's tag is, by index (0 for the unusable index after a long or double)
    private final int[] constants;

    /** @throws IllegalArgumentException when this is no class file, or one with a constant the JVMS does not know */
    ParsedClassFile(byte[] bytes) {
        this.bytes = bytes;
        try {
            require(u4(0) == 0xCAFEBABE, "no class file");
            version = u2(6);
            constantCount = u2(8);
            constants = new int[constantCount];
            int at = 10;
            for (int i = 1; i < constantCount; i++) {
                constants[i] = at;
                int tag = bytes[at] & 0xFF;
                at += 1 + constantLength(tag, at);
                if (tag == CONSTANT_LONG || tag == CONSTANT_DOUBLE) {
                    i++; // JVMS 4.4.5: they take two indices
                }
            }
            constantsEnd = at;
            access = u2(at);
            at += 6;
            at += 2 + 2 * u2(at); // interfaces
            int fields = u2(at);
            at += 2;
            for (int i = 0; i < fields; i++) {
                if ((u2(at) & Opcodes.ACC_STATIC) == 0) {
                    instanceFields.put(utf8(u2(at + 2)), utf8(u2(at + 4)));
                }
                at = skipMember(at);
            }
            int count = u2(at);
            at += 2;
            for (int i = 0; i < count; i++) {
                int end = skipMember(at);
                methods.add(new Method(u2(at), utf8(u2(at + 2)), utf8(u2(at + 4)), at, end));
                at = end;
            }
            require(at + 2 <= bytes.length, "truncated");
        } catch (ArrayIndexOutOfBoundsException truncated) {
            throw new IllegalArgumentException("a truncated class file");
        }
    }

    /** Whether the class declares a method of this name taking this many arguments. */
    boolean declares(String name, int arguments) {
        for (Method method : methods) {
            if (method.name.equals(name) && Type.getArgumentTypes(method.descriptor).length == arguments) {
                return true;
            }
        }
        return false;
    }

    /** The length of a constant after its tag (JVMS 4.4). */
    private int constantLength(int tag, int at) {
        switch (tag) {
            case CONSTANT_UTF8:
                return 2 + u2(at + 1);
            case 7: // Class
            case 8: // String
            case 16: // MethodType
            case 19: // Module
            case 20: // Package
                return 2;
            case 15: // MethodHandle
                return 3;
            case 3: // Integer
            case 4: // Float
            case 9: // Fieldref
            case 10: // Methodref
            case 11: // InterfaceMethodref
            case 12: // NameAndType
            case 17: // Dynamic
            case 18: // InvokeDynamic
                return 4;
            case CONSTANT_LONG:
            case CONSTANT_DOUBLE:
                return 8;
            default:
                throw new IllegalArgumentException("an unknown constant pool tag " + tag);
        }
    }

    /** Past a field_info or method_info (JVMS 4.5, 4.6) starting at {@code at}. */
    private int skipMember(int at) {
        int attributes = u2(at + 6);
        at += 8;
        for (int i = 0; i < attributes; i++) {
            at += 6 + u4(at + 2);
        }
        return at;
    }

    /** Whether the constant at this index is the Utf8 of this ASCII text, without decoding it. */
    boolean isAscii(int index, String text) {
        int at = constantAt(index, CONSTANT_UTF8);
        if (u2(at + 1) != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + 3 + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A CONSTANT_Utf8 decoded from its modified UTF-8 (JVMS 4.4.7). */
    String utf8(int index) {
        int at = constantAt(index, CONSTANT_UTF8);
        int end = at + 3 + u2(at + 1);
        char[] text = new char[end - at - 3];
        int length = 0;
        for (int i = at + 3; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                text[length++] = (char) b;
            } else if (b < 0xE0) {
                text[length++] = (char) ((b & 0x1F) << 6 | bytes[++i] & 0x3F);
            } else {
                text[length++] = (char) ((b & 0x0F) << 12 | (bytes[++i] & 0x3F) << 6 | bytes[++i] & 0x3F);
            }
        }
        return new String(text, 0, length);
    }

    private int constantAt(int index, int tag) {
        require(index > 0 && index < constantCount && constants[index] != 0 && bytes[constants[index]] == tag,
                "constant " + index + " is not of tag " + tag);
        return constants[index];
    }

    int u2(int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    int u4(int at) {
        return u2(at) << 16 | u2(at + 2);
    }

    private static void require(boolean valid, String why) {
        if (!valid) {
            throw new IllegalArgumentException(why);
        }
    }

    /** A method_info: its access, name and descriptor, and its bytes in the class file. */
    static final class Method {
        final int access;
        final String name;
        final String descriptor;
        final int start;
        final int end;

        Method(int access, String name, String descriptor, int start, int end) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
            this.start = start;
            this.end = end;
        }
    }
}
