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
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each hook shape woven into a real class file ({@code hostapp.WeaverHost}, as javac wrote it, and the same class
 * as a Java 5 class file without stack map frames), the class defined and its methods called: the JVM's verifier
 * checks what was written, the calls show what it does.
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
    @ValueSource(ints = {Opcodes.V17, Opcodes.V1_5})
    void anAnswerSkipsTheBodyAndIsReturnedOrThrown(int version) throws Exception {
        Object host = newHost(version, Hook.answer("greet", 1, "answer", self(), argument(0)));
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

    @Test
    void anAnswerSkipsTheBodyOfAMethodReturningNothing() throws Exception {
        Object host = newHost(Opcodes.V17, Hook.answer("record", 1, "answer", self(), argument(0)));
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
    @ValueSource(ints = {Opcodes.V17, Opcodes.V1_5})
    void anAnswerBeforeAFirstInstructionWithAFrame(int version) throws Exception {
        assertTrue(firstInstructionHasFrame(classFile(Opcodes.V17), "padded"), "the host no longer tests this");
        Object host = newHost(version, Hook.answer("padded", 1, "answer", self(), argument(0)));
        assertEquals("a..", call(host, "padded", "a"));
        WeaverBridge.answer = "served";
        assertEquals("served", call(host, "padded", "a"));
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V17, Opcodes.V1_5})
    void anArgumentIsReplacedAndARefusalReachesTheCaller(int version) throws Exception {
        Object host = newHost(version, Hook.replaceArgument("connect", 2, 0, "connectTarget", self(), argument(0),
                constant("socket")).whereArgument(0, "java.net.SocketAddress"));
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

    @Test
    void aConstructorArgumentIsReplacedBeforeSuperIsCalled() throws Exception {
        Class<?> type = weave(Opcodes.V17, Hook.replaceArgument("<init>", 2, 1, "proxyFor", argument(0), argument(1)));
        Object host = type.getConstructor(long.class, String.class).newInstance(7L, "proxy:3128");
        assertEquals(7L, type.getField("id").get(host));
        assertEquals("DIRECT for 7 instead of proxy:3128", type.getField("proxy").get(host));
        Object viaThis = type.getConstructor().newInstance();
        assertEquals("DIRECT for 0 instead of none", type.getField("proxy").get(viaThis));
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.V17, Opcodes.V1_5})
    void aReturnedValueIsFiltered(int version) throws Exception {
        Object host = newHost(version, Hook.filterReturn("open", 2, "filter", argument(0), argument(1)),
                Hook.filterReturn("shouldProxy", 1, "shouldProxy", self(), argument(0)));
        assertEquals("filtered(opened http://x via DIRECT)",
                host.getClass().getMethod("open", String.class, Object.class).invoke(host, "http://x", "DIRECT"));
        assertEquals(true, call(host, "shouldProxy", "10.0.0.1"));
        assertEquals(false, call(host, "shouldProxy", "169.254.169.254"));
        assertEquals(false, call(host, "shouldProxy", ""));
    }

    @Test
    void aReturnedValueIsObserved() throws Exception {
        Object host = newHost(Opcodes.V17, Hook.observeReturn("server", 0, "observe"));
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
        Weaver weaver = new Weaver(List.of(instrumentation(hook)), WeaverBridge.class, unfit.log());
        assertNull(weaver.transform(null, HOST, null, null, classFile(Opcodes.V17)));
        assertTrue(unfit.text().contains("imds-agent: warning: could not instrument hostapp.WeaverHost"),
                unfit.text());
        assertTrue(unfit.text().contains(why), unfit.text());
    }

    private Object newHost(int version, Hook... hooks) throws Exception {
        return weave(version, hooks).getConstructor().newInstance();
    }

    private Class<?> weave(int version, Hook... hooks) throws Exception {
        byte[] woven = weaver(hooks).transform(null, HOST, null, null, classFile(version));
        assertTrue(woven != null, log.text());
        assertTrue(log.text().contains("imds-agent: debug: instrumented hostapp.WeaverHost (at load"),
                log.text());
        return new HostLoader().define(woven);
    }

    private Weaver weaver(Hook... hooks) {
        return new Weaver(List.of(instrumentation(hooks)), WeaverBridge.class, log.log());
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

    /** The host's class file as javac wrote it, or rewritten to an older version without stack map frames. */
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
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
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
