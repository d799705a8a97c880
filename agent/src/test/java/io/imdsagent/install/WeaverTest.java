package io.imdsagent.install;

import static io.imdsagent.instrument.Hook.Value.argument;
import static io.imdsagent.instrument.Hook.Value.constant;
import static io.imdsagent.instrument.Hook.Value.self;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.instrument.Hook;
import io.imdsagent.instrument.TypeInstrumentation;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each hook shape woven into a real class file ({@code hostapp.WeaverHost}, as javac wrote it, the same class
 * marked as a Java 8 and a Java 6 class file, and as a Java 5 class file without stack map frames), the class
 * defined and its methods called: the JVM's verifier checks what was written, the calls show what it does. The
 * entry shapes are woven both ways: by the entry patcher, and by ASM, which a hook at a return sends the class to.
 */
class WeaverTest {
    private static final String HOST = "hostapp/WeaverHost";
    private final CapturedLog log = new CapturedLog();

    @AfterEach
    void reset() {
        WeaverBridge.SEEN.clear();
        WeaverBridge.answer = null;
        WeaverBridge.replacement = null;
        WeaverBridge.refusal = null;
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void anAnswerSkipsTheBodyAndIsReturnedOrThrown(int version, Path path) throws Exception {
        Object host = newHost(version, path, Hook.answer("greet", 1, "answer", self(), argument(0)));
        assertEquals("hello you", call(host, "greet", "you"), "no answer: the method's own body");
        assertSame(host, WeaverBridge.SEEN.get(0));
        assertEquals("you", WeaverBridge.SEEN.get(1));
        WeaverBridge.answer = "served";
        assertEquals("served", call(host, "greet", "you"));
        WeaverBridge.answer = new IllegalStateException("the SDK's own exception");
        assertSame(WeaverBridge.answer, thrown(host, "greet", "you"));
        WeaverBridge.answer = new IOException("imds-agent: refused");
        assertSame(WeaverBridge.answer, thrown(host, "greet", "you"));
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void anAnswerSkipsTheBodyOfAMethodReturningNothing(int version, Path path) throws Exception {
        Object host = newHost(version, path, Hook.answer("record", 1, "answer", self(), argument(0)));
        Method record = host.getClass().getMethod("record", List.class);
        List<Object> log = new ArrayList<>();
        record.invoke(host, log);
        assertEquals(List.of("own body"), log);
        WeaverBridge.answer = Boolean.TRUE;
        record.invoke(host, log);
        assertEquals(List.of("own body"), log, "answered: the body did not run");
        WeaverBridge.answer = new IllegalStateException("refused");
        assertSame(WeaverBridge.answer, assertThrows(InvocationTargetException.class,
                () -> record.invoke(host, log)).getCause());
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void anAnswerBeforeAFirstInstructionWithAFrame(int version, Path path) throws Exception {
        assertTrue(firstInstructionHasFrame(classFile(Opcodes.V17), "padded"), "the host no longer tests this");
        Object host = newHost(version, path, Hook.answer("padded", 1, "answer", self(), argument(0)));
        assertEquals("a..", call(host, "padded", "a"));
        WeaverBridge.answer = "served";
        assertEquals("served", call(host, "padded", "a"));
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void anAnswerBeforeATableswitchAndALookupswitch(int version, Path path) throws Exception {
        Object host = newHost(version, path, Hook.answer("switches", 1, "answer", self(), argument(0)));
        assertEquals("none", call(host, "switches", ""));
        assertEquals("one a", call(host, "switches", "a"));
        assertEquals("two", call(host, "switches", "ab"));
        assertEquals("many", call(host, "switches", "abc"));
        WeaverBridge.answer = "served";
        assertEquals("served", call(host, "switches", "a"));
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void anAnswerBeforeExceptionHandlersAndManyFrames(int version, Path path) throws Exception {
        Object host = newHost(version, path, Hook.answer("parse", 1, "answer", self(), argument(0)));
        assertEquals("6", call(host, "parse", "1, 2,3"));
        assertEquals("not a number: x", call(host, "parse", "1,x"));
        assertEquals("-1", call(host, "parse", "1,-2,x"));
        WeaverBridge.answer = "served";
        assertEquals("served", call(host, "parse", "1"));
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void anArgumentIsReplacedAndARefusalReachesTheCaller(int version, Path path) throws Exception {
        Object host = newHost(version, path, Hook.replaceArgument("connect", 2, 0, "connectTarget", self(),
                argument(0), constant("socket")).whereArgument(0, "java.net.SocketAddress"));
        SocketAddress asked = new InetSocketAddress("127.0.0.1", 9);
        Method connect = host.getClass().getMethod("connect", SocketAddress.class, int.class);
        assertSame(asked, connect.invoke(host, asked, 1000));
        assertEquals(List.of("socket"), WeaverBridge.SEEN);
        WeaverBridge.replacement = new InetSocketAddress("127.0.0.1", 10);
        assertSame(WeaverBridge.replacement, connect.invoke(host, asked, 1000));
        WeaverBridge.refusal = new IOException("imds-agent: refused");
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> connect.invoke(host, asked, 1000));
        assertSame(WeaverBridge.refusal, thrown.getCause());
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void anArgumentAfterLongAndDoubleArgumentsIsReplaced(int version, Path path) throws Exception {
        Object host = newHost(version, path, Hook.replaceArgument("wide", 3, 2, "wideText", argument(0),
                argument(1), argument(2)));
        Method wide = host.getClass().getMethod("wide", long.class, double.class, String.class);
        assertEquals("text seen with 3 and 0.5 3.5", wide.invoke(host, 3L, 0.5, "text"));
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void aStaticMethodIsAnswered(int version, Path path) throws Exception {
        Method describe = weave(version, path, Hook.answer("describe", 1, "answer", constant("static"),
                argument(0))).getMethod("describe", String.class);
        assertEquals("own", describe.invoke(null, "own"));
        assertEquals(List.of("static", "own"), WeaverBridge.SEEN);
        WeaverBridge.answer = "served";
        assertEquals("served", describe.invoke(null, "own"));
    }

    @ParameterizedTest
    @MethodSource("versionsAndPaths")
    void aConstructorArgumentIsReplacedBeforeSuperIsCalled(int version, Path path) throws Exception {
        Class<?> type = weave(version, path, Hook.replaceArgument("<init>", 2, 1, "proxyFor", argument(0),
                argument(1)));
        Object host = type.getConstructor(long.class, String.class).newInstance(7L, "proxy:3128");
        assertEquals(7L, type.getField("id").get(host));
        assertEquals("DIRECT for 7 instead of proxy:3128", type.getField("proxy").get(host));
        Object viaThis = type.getConstructor().newInstance();
        assertEquals("DIRECT for 0 instead of none", type.getField("proxy").get(viaThis));
    }

    /**
     * Every entry hook at once: the patched class and the one ASM wrote hold the same instructions, handlers,
     * frames, line numbers and local variables, the patcher's padding aside.
     */
    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V17, Opcodes.V1_8, Opcodes.V1_6, Opcodes.V1_5})
    void thePatcherWritesWhatAsmWrites(int version) throws Exception {
        Hook[] hooks = {Hook.answer("greet", 1, "answer", self(), argument(0)),
            Hook.answer("greet", 1, "answer", constant("twice"), argument(0)),
            Hook.answer("padded", 1, "answer", self(), argument(0)),
            Hook.answer("record", 1, "answer", self(), argument(0)),
            Hook.answer("switches", 1, "answer", self(), argument(0)),
            Hook.answer("parse", 1, "answer", self(), argument(0)),
            Hook.answer("describe", 1, "answer", constant("static"), argument(0)),
            Hook.replaceArgument("connect", 2, 0, "connectTarget", self(), argument(0), constant("socket")),
            Hook.replaceArgument("wide", 3, 2, "wideText", argument(0), argument(1), argument(2)),
            Hook.replaceArgument("<init>", 2, 1, "proxyFor", argument(0), argument(1))};
        byte[] patched = woven(version, Path.PATCHER, hooks);
        byte[] rewritten = woven(version, Path.ASM, hooks);
        assertEquals(listing(rewritten, "server"), listing(patched, "server"));
        new HostLoader().define(patched);
    }

    /** A type annotation in the code holds code offsets the patcher does not shift: ASM weaves that class. */
    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V17, Opcodes.V1_8})
    void aTypeAnnotationInTheCodeLeavesTheClassToAsm(int version) throws Exception {
        assertTrue(containsAscii(classFile(version), "RuntimeVisibleTypeAnnotations"), "the host no longer tests this");
        CapturedLog weaving = new CapturedLog();
        Weaver weaver = new Weaver(made(instrumentation(Hook.answer("annotated", 1, "answer", self(),
                argument(0)))), WeaverBridge.class, weaving.log());
        byte[] woven = weaver.transform(null, HOST, null, null, classFile(version));
        assertTrue(weaving.text().contains("instrumented hostapp.WeaverHost (at load by ASM, "), weaving.text());
        Object host = new HostLoader().define(woven).getConstructor().newInstance();
        assertEquals("own", call(host, "annotated", "own"));
        WeaverBridge.answer = "served";
        assertEquals("served", call(host, "annotated", "own"));
    }

    @Test
    void aClassFileNewerThanJava25IsLeftToAsm() throws Exception {
        CapturedLog weaving = new CapturedLog();
        Weaver weaver = new Weaver(made(instrumentation(Hook.answer("greet", 1, "answer", self(), argument(0)))),
                WeaverBridge.class, weaving.log());
        assertTrue(weaver.transform(null, HOST, null, null, classFile(Opcodes.V25 + 1)) != null, weaving.text());
        assertTrue(weaving.text().contains("instrumented hostapp.WeaverHost (at load by ASM, "), weaving.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V17, Opcodes.V1_5})
    void aReturnedValueIsFiltered(int version) throws Exception {
        Object host = newHost(version, Path.ASM, Hook.filterReturn("open", 2, "filter", argument(0), argument(1)),
                Hook.filterReturn("shouldProxy", 1, "shouldProxy", self(), argument(0)));
        assertEquals("filtered(opened http://x via DIRECT)",
                host.getClass().getMethod("open", String.class, Object.class).invoke(host, "http://x", "DIRECT"));
        assertEquals(true, call(host, "shouldProxy", "10.0.0.1"));
        assertEquals(false, call(host, "shouldProxy", "169.254.169.254"));
        assertEquals(false, call(host, "shouldProxy", ""));
    }

    @Test
    void aReturnedValueIsObserved() throws Exception {
        Object host = newHost(Opcodes.V17, Path.ASM, Hook.observeReturn("server", 0, "observe"));
        assertSame(host, host.getClass().getMethod("server").invoke(host));
        assertEquals(List.of(host), WeaverBridge.SEEN);
    }

    @Test
    void aHookThatDoesNotFitLeavesTheWholeClassAsItWas() throws Exception {
        assertUnfit(Hook.replaceArgument("connect", 2, 0, "wrongType", self(), argument(0), constant("socket")),
                "the bridge returns no java.net.SocketAddress");
        assertUnfit(Hook.answer("describe", 1, "answer", self(), argument(0)), "no this to pass");
        assertUnfit(Hook.replaceArgument("<init>", 2, 1, "connectTarget", self(), argument(1), constant("x")),
                "no this to pass");
        assertUnfit(Hook.answer("greet", 1, "noSuchMethod", self()), "the bridge has no method noSuchMethod");
    }

    @Test
    void methodsArePickedByNameArgumentsArgumentClassAndOverloads() throws Exception {
        Weaver none = weaver(Hook.replaceArgument("connect", 1, 0, "connectTarget", self(), argument(0),
                constant("socket")), Hook.answer("greet", 1, "answer", self(), argument(0))
                .whereArgument(0, "java.lang.Integer"), Hook.answer("greet", 1, "answer", self(), argument(0))
                .unlessOverloadTakes(1));
        assertNull(none.transform(null, HOST, null, null, classFile(Opcodes.V17)), log.text());
        assertFalse(log.text().contains("could not"), log.text());
        Weaver greet = weaver(Hook.answer("greet", 1, "answer", self(), argument(0)).unlessOverloadTakes(2)
                .whereArgument(0, "java.lang.String"));
        assertTrue(greet.transform(null, HOST, null, null, classFile(Opcodes.V17)) != null, log.text());
    }

    private void assertUnfit(Hook hook, String why) throws Exception {
        CapturedLog unfit = new CapturedLog();
        Weaver weaver = new Weaver(made(instrumentation(hook)), WeaverBridge.class, unfit.log());
        assertNull(weaver.transform(null, HOST, null, null, classFile(Opcodes.V17)));
        assertTrue(unfit.text().contains("imds-agent: warning: could not instrument hostapp.WeaverHost"),
                unfit.text());
        assertTrue(unfit.text().contains(why), unfit.text());
    }

    private Object newHost(int version, Path path, Hook... hooks) throws Exception {
        return weave(version, path, hooks).getConstructor().newInstance();
    }

    private Class<?> weave(int version, Path path, Hook... hooks) throws Exception {
        return new HostLoader().define(woven(version, path, hooks));
    }

    private byte[] woven(int version, Path path, Hook... hooks) throws Exception {
        CapturedLog weaving = new CapturedLog();
        Weaver weaver = new Weaver(made(instrumentation(path.with(hooks))), WeaverBridge.class, weaving.log());
        byte[] woven = weaver.transform(null, HOST, null, null, classFile(version));
        assertTrue(woven != null, weaving.text());
        assertTrue(weaving.text().contains("imds-agent: debug: instrumented hostapp.WeaverHost (at load by "
                + path.by + ", "), weaving.text());
        return woven;
    }

    /** Each class file version woven each way. */
    static Stream<Arguments> versionsAndPaths() {
        return IntStream.of(Opcodes.V17, Opcodes.V1_8, Opcodes.V1_6, Opcodes.V1_5).boxed()
                .flatMap(version -> Stream.of(Path.values()).map(path -> Arguments.of(version, path)));
    }

    /**
     * Which way the class is woven: a hook at a return, which only ASM weaves, sends the whole class to ASM; one is
     * added where none is.
     */
    enum Path {
        PATCHER("the entry patcher"), ASM("ASM");

        final String by;

        Path(String by) {
            this.by = by;
        }

        Hook[] with(Hook... hooks) {
            if (this == PATCHER || Arrays.stream(hooks).anyMatch(hook -> hook.shape() == Hook.Shape.FILTER_RETURN
                    || hook.shape() == Hook.Shape.OBSERVE_RETURN)) {
                return hooks;
            }
            Hook[] withReturn = Arrays.copyOf(hooks, hooks.length + 1);
            withReturn[hooks.length] = Hook.observeReturn("server", 0, "observe");
            return withReturn;
        }
    }

    private Weaver weaver(Hook... hooks) {
        return new Weaver(made(instrumentation(hooks)), WeaverBridge.class, log.log());
    }

    /** Instrumentations made already, as the weaver gets them from the agent's table. */
    private static Instrumentations made(TypeInstrumentation... instrumentations) {
        String[][] classNames = new String[instrumentations.length][];
        for (int i = 0; i < instrumentations.length; i++) {
            classNames[i] = instrumentations[i].classNames();
        }
        return new Instrumentations(classNames) {
            @Override
            TypeInstrumentation make(int index) {
                return instrumentations[index];
            }
        };
    }

    private static TypeInstrumentation instrumentation(Hook... hooks) {
        return new TypeInstrumentation() {
            @Override
            public String[] classNames() {
                return new String[] {HOST.replace('/', '.')};
            }

            @Override
            public Hook[] hooks() {
                return hooks;
            }
        };
    }

    private static Object call(Object host, String method, String argument) throws Exception {
        return host.getClass().getMethod(method, String.class).invoke(host, argument);
    }

    private static Throwable thrown(Object host, String method, String argument) {
        return assertThrows(InvocationTargetException.class, () -> call(host, method, argument)).getCause();
    }

    /**
     * The host's class file as javac wrote it, or marked as an older version: from 50 (Java 6) with javac's stack
     * map frames, before that without any.
     */
    static byte[] classFile(int version) throws Exception {
        byte[] javac = AgentInstallerTest.classFile(WeaverTest.class.getClassLoader(), HOST);
        if (version == Opcodes.V17) {
            return javac;
        }
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(javac).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int ignored, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(version, access, name, signature, superName, interfaces);
            }
        }, version >= Opcodes.V1_6 ? 0 : ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /**
     * Each method but one as ASM reads it, frames expanded and labels numbered in order, NOPs left out: what the
     * JVM runs and verifies, whatever encoding each instruction took.
     */
    static String listing(byte[] classFile, String skippedMethod) {
        StringBuilder listing = new StringBuilder();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (name.equals(skippedMethod)) {
                    return null;
                }
                listing.append(name).append(descriptor).append('\n');
                return new MethodListing(listing);
            }
        }, ClassReader.EXPAND_FRAMES);
        return listing.toString();
    }

    private static boolean containsAscii(byte[] classFile, String text) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static boolean firstInstructionHasFrame(byte[] classFile, String method) {
        boolean[] frameFirst = new boolean[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (!name.equals(method)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    private boolean instructions;

                    @Override
                    public void visitFrame(int type, int locals, Object[] local, int stack, Object[] stackTypes) {
                        frameFirst[0] |= !instructions;
                    }

                    @Override
                    public void visitVarInsn(int opcode, int variable) {
                        instructions = true;
                    }
                };
            }
        }, 0);
        return frameFirst[0];
    }

    /** One line per instruction, label, frame, handler, line number and local variable. */
    private static final class MethodListing extends MethodVisitor {
        private final StringBuilder out;
        private final Map<Label, Integer> labels = new IdentityHashMap<>();

        MethodListing(StringBuilder out) {
            super(Opcodes.ASM9);
            this.out = out;
        }

        private void line(Object... parts) {
            for (Object part : parts) {
                out.append(' ').append(part instanceof Label ? "L" + label((Label) part)
                        : part instanceof Object[] ? types((Object[]) part)
                        : part instanceof int[] ? Arrays.toString((int[]) part) : part);
            }
            out.append('\n');
        }

        private int label(Label label) {
            return labels.computeIfAbsent(label, unseen -> labels.size());
        }

        private String types(Object[] types) {
            List<String> names = new ArrayList<>();
            for (Object type : types) {
                names.add(type instanceof Label ? "new@L" + label((Label) type) : String.valueOf(type));
            }
            return names.toString();
        }

        @Override
        public void visitFrame(int type, int locals, Object[] local, int stack, Object[] stackTypes) {
            line("frame", type, Arrays.copyOf(local, locals), Arrays.copyOf(stackTypes, stack));
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode != Opcodes.NOP) {
                line(opcode);
            }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            line(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            line(opcode, slot);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            line(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            line(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            line(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            line("indy", name, descriptor, bootstrap, Arrays.toString(arguments));
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            line(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            line("label", label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            line("ldc", value);
        }

        @Override
        public void visitIincInsn(int slot, int increment) {
            line("iinc", slot, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label otherwise, Label... cases) {
            line("tableswitch", min, max, otherwise, cases);
        }

        @Override
        public void visitLookupSwitchInsn(Label otherwise, int[] keys, Label[] cases) {
            line("lookupswitch", otherwise, keys, cases);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            line("multianewarray", descriptor, dimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            line("try", start, end, handler, type);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                                       int slot) {
            line("local", name, descriptor, signature, start, end, slot);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            line("line", line, start);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            line("maxs", maxStack, maxLocals);
        }
    }

    /** Defines the woven host in a loader of its own; everything else comes from the test's loader. */
    private static final class HostLoader extends ClassLoader {
        HostLoader() {
            super(WeaverTest.class.getClassLoader());
        }

        Class<?> define(byte[] classFile) {
            return defineClass(HOST.replace('/', '.'), classFile, 0, classFile.length);
        }
    }
}
