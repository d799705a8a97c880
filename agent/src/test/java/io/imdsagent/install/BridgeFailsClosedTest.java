package io.imdsagent.install;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.bootstrap.Bridge;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.ExceptionMethod;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Test;

/**
 * A guard that fails refuses: when the agent's handler throws while deciding a connection, the bridge refuses
 * it with an {@code imds-agent:} IOException instead of letting it pass. On a private copy of the bridge, so
 * the JVM's own stays as other tests set it.
 */
class BridgeFailsClosedTest {

    @Test
    void aFailureWhileDecidingAConnectionRefusesIt() throws Exception {
        URL bridgeClasses = Bridge.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {bridgeClasses}, null)) {
            Class<?> bridge = isolated.loadClass(Bridge.class.getName());
            Class<?> handlerType = isolated.loadClass(Bridge.Handler.class.getName());
            Class<?> failing = new ByteBuddy().subclass(handlerType)
                    .method(named("connectTarget")).intercept(ExceptionMethod.throwing(StackOverflowError.class))
                    .method(isAbstract()).intercept(FixedValue.nullValue())
                    .make().load(isolated, ClassLoadingStrategy.Default.INJECTION).getLoaded();
            Method connectTarget = bridge.getMethod("connectTarget", Object.class, SocketAddress.class, String.class);
            SocketAddress imds = new InetSocketAddress("169.254.169.254", 80);
            assertSame(imds, connectTarget.invoke(null, new Object(), imds, "socket"), "no handler: nothing to decide");

            assertTrue((Boolean) bridge.getMethod("install", handlerType).invoke(null,
                    failing.getDeclaredConstructor().newInstance()));
            InvocationTargetException thrown = org.junit.jupiter.api.Assertions.assertThrows(
                    InvocationTargetException.class, () -> connectTarget.invoke(null, new Object(), imds, "socket"));
            IOException refusal = assertInstanceOf(IOException.class, thrown.getCause());
            assertTrue(refusal.getMessage().startsWith("imds-agent: refused a connection to "), refusal.getMessage());
            assertEquals(StackOverflowError.class, refusal.getCause().getClass());
        }
    }

    /**
     * A write is another matter: the handler refuses a request line it has recognised itself, whatever fails after;
     * a failure before (the bytes could not be read) must not break the host's ordinary writes.
     */
    @Test
    void aFailureBeforeAWriteIsReadLetsItGo() throws Exception {
        URL bridgeClasses = Bridge.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {bridgeClasses}, null)) {
            Class<?> bridge = isolated.loadClass(Bridge.class.getName());
            Class<?> handlerType = isolated.loadClass(Bridge.Handler.class.getName());
            Class<?> failing = new ByteBuddy().subclass(handlerType)
                    .method(named("checkOutgoing")).intercept(ExceptionMethod.throwing(StackOverflowError.class))
                    .method(isAbstract()).intercept(FixedValue.nullValue())
                    .make().load(isolated, ClassLoadingStrategy.Default.INJECTION).getLoaded();
            assertTrue((Boolean) bridge.getMethod("install", handlerType).invoke(null,
                    failing.getDeclaredConstructor().newInstance()));
            byte[] bytes = "GET http://169.254.169.254/ HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertSame(bytes, bridge.getMethod("outgoingBytes", Object.class, byte[].class, int.class, int.class,
                    String.class).invoke(null, new Object(), bytes, 0, bytes.length, "socket"));
        }
    }
}
