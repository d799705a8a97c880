package io.imdsagent.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
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
 * One GET to a loopback HTTP server that is not IMDS, through {@code HttpURLConnection} and through the
 * JDK's {@code HttpClient} (keep-alive, a small body, as service-to-service calls are), and through plain Netty
 * (NIO) on a new connection each time. Run by {@link BenchmarkMain} without and with the agent, alternating,
 * several rounds: the difference is what the agent's host check costs every request an application makes, and
 * for Netty what its connection guard costs every connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class NonImdsRequestBenchmark {
    private static final byte[] BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private URL url;
    private HttpClient client;
    private HttpRequest request;
    private EventLoopGroup nettyLoop;
    private Bootstrap netty;
    private InetSocketAddress serverAddress;

    @Setup
    public void start() throws IOException {
        // Without TCP_NODELAY the JDK's server sends headers and body in two segments and the client's delayed
        // ACK adds 40 ms to every request, which would hide any overhead. Read when the server first starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/status";
        url = new URL(base);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(URI.create(base)).GET().build();
        serverAddress = new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
        nettyLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        netty = new Bootstrap().group(nettyLoop).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new NettyAnswer());
                    }
                });
    }

    @TearDown
    public void stop() throws InterruptedException {
        nettyLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        server.stop(0);
    }

    @Benchmark
    public int httpUrlConnection() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        int status = connection.getResponseCode();
        try (InputStream in = connection.getInputStream()) {
            return status + in.readAllBytes().length;
        }
    }

    @Benchmark
    public int jdkHttpClient() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() + response.body().length;
    }

    /** A new connection (where the agent's connection guard runs), one GET, closed after the answer. */
    @Benchmark
    public int nettyNewConnection() throws Exception {
        Channel channel = netty.connect(serverAddress).sync().channel();
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        channel.attr(NettyAnswer.RESULT).set(answer);
        FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/status");
        get.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + serverAddress.getPort())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(get);
        return answer.get(10, TimeUnit.SECONDS);
    }

    /** Completes the channel's future with status plus body length, as the other clients return, and closes. */
    private static final class NettyAnswer extends SimpleChannelInboundHandler<FullHttpResponse> {
        static final AttributeKey<CompletableFuture<Integer>> RESULT = AttributeKey.valueOf("benchmark-answer");

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            int answer = response.status().code() + response.content().readableBytes();
            context.channel().attr(RESULT).get().complete(answer);
            context.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            CompletableFuture<Integer> answer = context.channel().attr(RESULT).get();
            if (answer != null) {
                answer.completeExceptionally(cause);
            }
            context.close();
        }
    }
}
