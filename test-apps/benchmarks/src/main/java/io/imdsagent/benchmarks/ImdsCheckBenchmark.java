package io.imdsagent.benchmarks;

import com.sun.net.httpserver.HttpServer;
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
 * ({@code Bridge.connectTarget} on a resolved address, to port 80 and to another port). Run with the agent attached only; unlike a whole request, it is
 * measurable to the nanosecond on a busy machine.
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
    }

    @TearDown
    public void stop() throws IOException {
        server.stop(0);
        socket.close();
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
}
