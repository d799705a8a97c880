package io.imdsagent.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Exactly what the agent's hooks add to a request that is not for IMDS: the bridge call and the host check
 * ({@code Bridge.imdsConnection} for {@code HttpURLConnection}, {@code Bridge.httpRequest} for the JDK's
 * {@code HttpClient}), called directly; and what its connection guard adds to every TCP connect
 * ({@code Bridge.connectTarget} on a resolved address, to port 80 and to another port); and what its request-line
 * guard adds to every TCP write ({@code Bridge.outgoingBytes} as a socket's stream calls it, {@code outgoingMessage}
 * as a {@code SocketChannel} and Netty's epoll channel do) that is not a request asking a proxy for IMDS. Run with the
 * agent attached only; unlike a whole request, it is measurable to the nanosecond on a busy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ImdsCheckBenchmark {
    private HttpServer server;
    private MethodHandle imdsConnection;
    private MethodHandle httpRequest;
    private URL url;
    private URLConnection opened;
    private HttpRequest request;
    private HttpResponse.BodyHandler<String> bodyHandler;
    private MethodHandle connectTarget;
    private Socket socket;
    private SocketAddress port80;
    private SocketAddress otherPort;
    private MethodHandle outgoingBytes;
    private MethodHandle outgoingMessage;
    private byte[] originForm;
    private byte[] tlsRecord;
    private byte[] proxiedElsewhere;
    private ByteBuffer originFormBuffer;
    private ByteBuf originFormNetty;

    @Setup
    public void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/status";
        // The bridge is in the bootstrap class loader, where the agent put it.
        Class<?> bridge = Class.forName("io.imdsagent.bootstrap.Bridge", false, null);
        imdsConnection = MethodHandles.publicLookup().findStatic(bridge, "imdsConnection",
                MethodType.methodType(URLConnection.class, URL.class, Proxy.class, URLConnection.class));
        httpRequest = MethodHandles.publicLookup().findStatic(bridge, "httpRequest",
                MethodType.methodType(Object.class, String.class, Object.class, Object.class));
        url = new URL(base);
        opened = url.openConnection();
        request = HttpRequest.newBuilder(URI.create(base)).GET().build();
        bodyHandler = HttpResponse.BodyHandlers.ofString();
        connectTarget = MethodHandles.publicLookup().findStatic(bridge, "connectTarget",
                MethodType.methodType(SocketAddress.class, Object.class, SocketAddress.class, String.class));
        socket = new Socket();
        InetAddress elsewhere = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
        port80 = new InetSocketAddress(elsewhere, 80);
        otherPort = new InetSocketAddress(elsewhere, 443);
        outgoingBytes = MethodHandles.publicLookup().findStatic(bridge, "outgoingBytes", MethodType.methodType(
                byte[].class, Object.class, byte[].class, int.class, int.class, String.class));
        outgoingMessage = MethodHandles.publicLookup().findStatic(bridge, "outgoingMessage",
                MethodType.methodType(Object.class, Object.class, Object.class, String.class));
        originForm = ascii("GET /api/status HTTP/1.1\r\nHost: origin.example\r\nUser-Agent: bench\r\n\r\n");
        // a TLS 1.2 ClientHello record's first bytes: content type 22, version 3.1, length
        tlsRecord = new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0};
        proxiedElsewhere = ascii("GET http://origin.example:8080/api/status HTTP/1.1\r\nHost: origin.example:8080"
                + "\r\n\r\n");
        originFormBuffer = ByteBuffer.allocateDirect(originForm.length).put(originForm).flip();
        originFormNetty = PooledByteBufAllocator.DEFAULT.directBuffer(originForm.length).writeBytes(originForm);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown
    public void stop() throws IOException {
        server.stop(0);
        socket.close();
        originFormNetty.release();
    }

    @Benchmark
    public Object httpUrlConnectionCheck() throws Throwable {
        return (URLConnection) imdsConnection.invokeExact(url, (Proxy) null, opened);
    }

    @Benchmark
    public Object jdkHttpClientCheck() throws Throwable {
        return (Object) httpRequest.invokeExact("jdk", (Object) request, (Object) bodyHandler);
    }

    /** A connection to port 80 of an address that is not IMDS: the port matches, so the address is compared. */
    @Benchmark
    public Object connectCheck() throws Throwable {
        return (SocketAddress) connectTarget.invokeExact((Object) socket, port80, "socket");
    }

    /** A connection to any other port: decided by the port alone. */
    @Benchmark
    public Object connectCheckOtherPort() throws Throwable {
        return (SocketAddress) connectTarget.invokeExact((Object) socket, otherPort, "socket");
    }

    /** A socket writing an origin-form request ({@code GET /path HTTP/1.1}): decided at its fifth byte. */
    @Benchmark
    public Object writeCheckOriginForm() throws Throwable {
        return (byte[]) outgoingBytes.invokeExact((Object) socket, originForm, 0, originForm.length, "socket");
    }

    /** A socket writing a TLS record: decided at its first byte. */
    @Benchmark
    public Object writeCheckTlsRecord() throws Throwable {
        return (byte[]) outgoingBytes.invokeExact((Object) socket, tlsRecord, 0, tlsRecord.length, "socket");
    }

    /** A socket writing an absolute-form request to a proxy for another host: its name is passed unread. */
    @Benchmark
    public Object writeCheckProxiedElsewhere() throws Throwable {
        return (byte[]) outgoingBytes.invokeExact((Object) socket, proxiedElsewhere, 0, proxiedElsewhere.length,
                "socket");
    }

    /** A {@code SocketChannel} writing an origin-form request from a direct buffer. */
    @Benchmark
    public Object writeCheckChannelBuffer() throws Throwable {
        return (Object) outgoingMessage.invokeExact((Object) socket, (Object) originFormBuffer, "socket-channel");
    }

    /** Netty's epoll channel writing an origin-form request from a pooled direct buffer (read by method handles). */
    @Benchmark
    public Object writeCheckNettyBuffer() throws Throwable {
        return (Object) outgoingMessage.invokeExact((Object) socket, (Object) originFormNetty, "netty-native");
    }
}
