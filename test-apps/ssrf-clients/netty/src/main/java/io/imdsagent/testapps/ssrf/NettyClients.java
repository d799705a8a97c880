package io.imdsagent.testapps.ssrf;

import io.imdsagent.testapps.ssrf.CorpusRows.Client;
import io.imdsagent.testapps.ssrf.CorpusRows.Request;
import io.imdsagent.testapps.ssrf.CorpusRows.Response;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.ProxyProvider;

/**
 * Reactor Netty and plain Netty, each on NIO and on the native epoll transport. Reactor Netty follows
 * redirects and resolves names through the JDK (so the corpus's hosts file applies, as it does to every
 * other client); plain Netty sends what it is given to the address the URL names, or to the proxy (absolute form),
 * and opens a {@code CONNECT} tunnel through the proxy with Netty's {@code HttpProxyHandler}.
 */
public final class NettyClients {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private NettyClients() {
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("jdk.module.path") != null && !io.netty.channel.unix.Socket.class.getModule().isNamed()) {
      // The @modules rows prove the agent's woven hooks run inside Netty's named modules; they must really be named.
      throw new IllegalStateException("a module path was given but Netty is not in a named module");
    }
    if (!Epoll.isAvailable()) {
      // The epoll rows would silently run on NIO; say so where the test reads the rows.
      System.out.println("INFO epoll unavailable: " + Epoll.unavailabilityCause());
    }
    Map<String, Client> clients = new LinkedHashMap<>();
    clients.put("reactor-netty", reactor(LoopResources.create("corpus-nio", 1, false), false));
    clients.put("reactor-netty-epoll", reactor(LoopResources.create("corpus-epoll", 1, false), true));
    EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    clients.put("netty", request -> netty(nio, NioSocketChannel.class, request));
    EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    clients.put("netty-epoll", request -> netty(epoll, EpollSocketChannel.class, request));
    CorpusRows.run(clients);
  }

  private static Client reactor(LoopResources loops, boolean preferNative) {
    HttpClient direct = HttpClient.create().runOn(loops, preferNative).followRedirect(true)
        .resolver(DefaultAddressResolverGroup.INSTANCE).responseTimeout(TIMEOUT);
    return request -> {
      HttpClient client = request.proxy() == null ? direct : direct.proxy(proxy -> proxy
          .type(ProxyProvider.Proxy.HTTP).host(request.proxyHost()).port(request.proxyPort()));
      return client.headers(headers -> request.headers().forEach(headers::set))
          .request(io.netty.handler.codec.http.HttpMethod.valueOf(request.method()))
          .uri(request.url())
          .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
              .map(text -> new Response(response.status().code(), text)))
          .block(TIMEOUT.plusSeconds(1));
    };
  }

  private static Response netty(EventLoopGroup group, Class<? extends Channel> channelType, Request request)
      throws Exception {
    if (request.method().equals("CONNECT")) {
      return tunnel(group, channelType, request);
    }
    CompletableFuture<Response> answer = new CompletableFuture<>();
    Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                new SimpleChannelInboundHandler<FullHttpResponse>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
                    answer.complete(new Response(response.status().code(),
                        response.content().toString(StandardCharsets.UTF_8)));
                    context.close();
                  }

                  @Override
                  public void channelInactive(ChannelHandlerContext context) {
                    answer.completeExceptionally(new java.io.IOException("connection closed with no answer"));
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                    answer.completeExceptionally(cause);
                    context.close();
                  }
                });
          }
        });
    InetSocketAddress target = request.proxy() != null
        ? new InetSocketAddress(request.proxyHost(), request.proxyPort())
        : new InetSocketAddress(RawHttp.host(request.url()), RawHttp.port(request.url()));
    Channel channel = bootstrap.connect(target).sync().channel();
    String uri = request.proxy() != null ? request.url() : request.url().substring(
        request.url().indexOf('/', request.url().indexOf("//") + 2));
    FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()), uri,
        Unpooled.EMPTY_BUFFER);
    http.headers().set(HttpHeaderNames.HOST, RawHttp.hostPort(request.url()));
    http.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    request.headers().forEach(http.headers()::set);
    ChannelFuture written = channel.writeAndFlush(http).addListener(done -> {
      if (!done.isSuccess()) {
        answer.completeExceptionally(done.cause());
      }
    });
    try {
      return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException noAnswer) {
      // a write that fails may close the channel first (NIO): why it failed says more than the close
      if (written.awaitUninterruptibly(TIMEOUT.toMillis()) && written.cause() != null) {
        throw new java.io.IOException("the request was not written", written.cause());
      }
      throw noAnswer;
    }
  }

  /**
   * A tunnel through the proxy as Netty's {@code HttpProxyHandler} opens one ({@code CONNECT host:port}), to the URL's
   * host and port, unresolved as an application hands it to the proxy: 200 once it is open.
   */
  private static Response tunnel(EventLoopGroup group, Class<? extends Channel> channelType, Request request)
      throws Exception {
    HttpHeaders headers = new DefaultHttpHeaders();
    request.headers().forEach(headers::set);
    HttpProxyHandler proxy = new HttpProxyHandler(new InetSocketAddress(request.proxyHost(), request.proxyPort()),
        headers);
    Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
        .resolver(NoopAddressResolverGroup.INSTANCE)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            channel.pipeline().addFirst(proxy);
          }
        });
    Channel channel = bootstrap.connect(InetSocketAddress.createUnresolved(RawHttp.host(request.url()),
        RawHttp.port(request.url()))).sync().channel();
    try {
      proxy.connectFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      channel.close();
    }
    return new Response(200, "tunnel open");
  }
}
