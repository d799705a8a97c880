package io.imdsagent.testapps.ssrf;

import io.imdsagent.testapps.ssrf.CorpusRows.Client;
import io.imdsagent.testapps.ssrf.CorpusRows.Response;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x 5 web client, which follows redirects by default and resolves names with Vert.x's own resolver
 * (pointed at the corpus's hosts file, the one {@code -Djdk.net.hosts.file} names).
 */
public final class VertxClients {
  private static final long TIMEOUT_MILLIS = 10_000;

  private VertxClients() {
  }

  public static void main(String[] args) throws Exception {
    AddressResolverOptions resolver = new AddressResolverOptions().setQueryTimeout(2_000);
    String hostsFile = System.getProperty("jdk.net.hosts.file");
    if (hostsFile != null) {
      resolver.setHostsPath(hostsFile);
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setAddressResolverOptions(resolver));
    WebClient direct = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(true));
    Client client = request -> {
      WebClient web = request.proxy() == null ? direct : WebClient.create(vertx, new WebClientOptions()
          .setProxyOptions(new ProxyOptions().setType(ProxyType.HTTP).setHost(request.proxyHost())
              .setPort(request.proxyPort())));
      HttpRequest<Buffer> call = web.requestAbs(HttpMethod.valueOf(request.method()), request.url())
          .timeout(TIMEOUT_MILLIS);
      request.headers().forEach(call::putHeader);
      HttpResponse<Buffer> response = call.send().toCompletionStage().toCompletableFuture()
          .get(TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
      return new Response(response.statusCode(), response.bodyAsString() == null ? "" : response.bodyAsString());
    };
    CorpusRows.run(Map.of("vertx", client));
  }
}
