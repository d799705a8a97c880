package io.imdsagent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testapps.requirements.Requirements;
import io.imdsagent.testapps.requirements.RequiresJdk25;
import io.imdsagent.testing.SampleApp;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent's hooks on the real classes they are written for, as the sample apps and this JDK ship them (Java 6
 * class files of SDK v1 1.11 and HttpClient 4.5 among them): each hook picks the methods it should and no other,
 * and the woven class passes the JVM's verifier (the library classes are defined and initialised; the JDK's own
 * can only be rewritten by retransformation, which the ITs do). A class whose hooks are all on entry is woven by
 * the entry patcher, any other by ASM, and the patcher writes what ASM would.
 */
class WovenTargetsTest {
    private static final String BRIDGE = Type.getInternalName(Bridge.class);

    @ParameterizedTest
    @CsvSource({
        "SDK_V1_11, com.amazonaws.auth.InstanceProfileCredentialsProvider, getCredentials/0, the entry patcher",
        "SDK_V1_11, com.amazonaws.auth.EC2CredentialsFetcher, getCredentials/0, the entry patcher",
        "SDK_V1_11, com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClient, executeAssumeRole/1, the entry patcher",
        "SDK_V1_12, com.amazonaws.auth.InstanceProfileCredentialsProvider, getCredentials/0, the entry patcher",
        "SDK_V1_12, com.amazonaws.auth.BaseCredentialsFetcher, getCredentials/0, the entry patcher",
        "SDK_V1_12, com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClient, executeAssumeRole/1, the entry patcher",
        "SDK_V2_5, software.amazon.awssdk.auth.credentials.HttpCredentialsProvider, refreshCredentials/0 resolveCredentials/0, the entry patcher",
        "SDK_V2_57, software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider, refreshCredentials/0 resolveCredentials/0, the entry patcher",
        "SDK_V2_5, software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider, close/0 resolveCredentials/0, the entry patcher",
        "SDK_V2_57, software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider, close/0 resolveCredentials/0, the entry patcher",
        "SDK_V2_57, software.amazon.awssdk.services.sts.DefaultStsClient, assumeRole/1, the entry patcher",
        "SDK_V2_57, software.amazon.awssdk.services.sts.DefaultStsAsyncClient, assumeRole/1, the entry patcher",
        "OKHTTP_3, okhttp3.internal.http.RetryAndFollowUpInterceptor, intercept/1, the entry patcher",
        "OKHTTP_4, okhttp3.internal.http.RetryAndFollowUpInterceptor, intercept/1, the entry patcher",
        "APACHE_HTTP_4, org.apache.http.impl.execchain.MainClientExec, execute/4, the entry patcher",
        "APACHE_HTTP_4, org.apache.http.impl.client.MinimalHttpClient, doExecute/3, the entry patcher",
        "APACHE_HTTP_4, org.apache.http.impl.client.AbstractHttpClient, doExecute/3, the entry patcher",
        "APACHE_HTTP_5, org.apache.hc.client5.http.impl.classic.InternalExecRuntime, execute/4, the entry patcher",
        "SSRF_NETTY, io.netty.channel.unix.Socket, connect/1, the entry patcher",
        "SSRF_NETTY, io.netty.channel.epoll.AbstractEpollStreamChannel, filterOutboundMessage/1, the entry patcher",
        "OKHTTP_3, okhttp3.internal.connection.RouteSelector, resetNextProxy/2, the entry patcher",
        "OKHTTP_4, okhttp3.internal.connection.RouteSelector, resetNextProxy/2, the entry patcher",
        "APACHE_HTTP_4, org.apache.http.impl.conn.DefaultRoutePlanner, determineRoute/3, ASM",
        "SSRF_LIBRARIES, org.apache.http.impl.conn.DefaultRoutePlanner, determineRoute/3, ASM",
        "SSRF_LIBRARIES, org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner, determineRoute/2 determineRoute/3, ASM",
        "SSRF_LIBRARIES, org.eclipse.jetty.client.ProxyConfiguration, match/1, ASM",
        "SSRF_NETTY, reactor.netty.transport.ProxyProvider, shouldProxy/1, ASM",
        "SSRF_VERTX, io.vertx.core.http.impl.HttpClientBase, computeProxyOptions/2, ASM",
    })
    void eachLibraryTargetIsWovenWhereItsHooksSayAndVerifies(SampleApp app, String className, String hooked,
                                                             String by) throws Exception {
        try (URLClassLoader loader = app.isolatedLoader()) {
            assertEquals(hooked, hookedMethods(weave(loader, className, by)));
        }
        try {
            Class.forName(className, true, new InstrumentedSdkLoader(app));
        } catch (ExceptionInInitializerError verifiedThenFailedToInitialise) {
            // verification comes before initialisation; a VerifyError is a LinkageError and fails the test
        }
    }

    @ParameterizedTest
    @CsvSource({
        "java.net.Socket, connect/2, the entry patcher",
        "sun.nio.ch.SocketChannelImpl, blockingConnect/2 blockingWriteFully/3 connect/1 write/1 write/3, the entry patcher",
        "sun.nio.ch.NioSocketImpl, write/3, the entry patcher",
        "java.net.SocketOutputStream, socketWrite/3, the entry patcher",
        "sun.nio.ch.AsynchronousSocketChannelImpl, connect/1 connect/3, the entry patcher",
        "sun.net.www.protocol.http.Handler, openConnection/2, the entry patcher",
        "jdk.internal.net.http.HttpClientImpl, sendAsync/4, the entry patcher",
        "jdk.internal.net.http.HttpRequestImpl, proxy/0, ASM",
        "java.lang.management.ManagementFactory, getPlatformMBeanServer/0, ASM",
    })
    void eachJdkTargetIsWovenWhereItsHooksSay(String className, String hooked, String by) throws Exception {
        assertEquals(hooked, hookedMethods(weave(ClassLoader.getSystemClassLoader(), className, by)));
    }

    /** The same on JDK 25's own class files, read from its run-time image. */
    @RequiresJdk25
    @ParameterizedTest
    @CsvSource({
        "java.net.Socket, connect/2",
        "sun.nio.ch.SocketChannelImpl, blockingConnect/2 blockingWriteFully/3 connect/1 write/1 write/3",
        "sun.nio.ch.NioSocketImpl, write/3",
    })
    void eachJdk25TargetIsWovenWhereItsHooksSay(String className, String hooked) throws Exception {
        Path javaHome = Requirements.JDK25_JAVA.getParent().getParent();
        try (FileSystem image = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home",
                javaHome.toString()))) {
            byte[] classFile = Files.readAllBytes(image.getPath("modules", "java.base",
                    className.replace('.', '/') + ".class"));
            assertEquals(hooked, hookedMethods(weave(ClassLoader.getSystemClassLoader(), className, classFile,
                    "the entry patcher")));
        }
    }

    private static byte[] weave(ClassLoader loader, String className, String by) throws Exception {
        return weave(loader, className, AgentInstallerTest.classFile(loader, className.replace('.', '/')), by);
    }

    /**
     * @param by what wove it: the entry patcher where all of the class's hooks are on entry, else ASM; what the
     *     patcher wrote is what ASM writes for the same plan, its padding aside
     */
    private static byte[] weave(ClassLoader loader, String className, byte[] original, String by) {
        CapturedLog log = new CapturedLog();
        Weaver weaver = new Weaver(AgentInstaller.instrumentations(), Bridge.class, log.log());
        String internalName = className.replace('.', '/');
        byte[] woven = weaver.transform(loader, internalName, null, null, original);
        assertNotNull(woven, log.text());
        assertTrue(log.text().contains("instrumented " + className + " (at load by " + by + ", "), log.text());
        if (by.equals("the entry patcher")) {
            ParsedClassFile parsed = new ParsedClassFile(original);
            Map<String, List<WovenCall>> plan = weaver.plan(internalName, parsed, weaver.hooksOf(internalName));
            assertEquals(WeaverTest.listing(AsmRewriter.rewrite(original, plan, parsed.version >= Opcodes.V1_6), ""),
                    WeaverTest.listing(woven, ""));
        }
        return woven;
    }

    /** The methods that call the bridge, as name/argument count, sorted. */
    private static String hookedMethods(byte[] classFile) {
        Set<String> hooked = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                                                boolean isInterface) {
                        if (owner.equals(BRIDGE)) {
                            hooked.add(name + "/" + Type.getArgumentTypes(descriptor).length);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return String.join(" ", hooked);
    }
}
