package io.imdsagent.testapps.ssrf;

import io.imdsagent.testapps.ssrf.CorpusRows.Client;
import io.imdsagent.testapps.ssrf.CorpusRows.Request;
import io.imdsagent.testapps.ssrf.CorpusRows.Response;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import okhttp3.OkHttpClient;

/**
 * Library clients of the corpus: OkHttp 4 (also with an interceptor that adds {@code X-Forwarded-For}),
 * Apache HttpClient 4.5 and 5 classic (also with the token as a default header), Apache HttpClient 5 async,
 * httpasyncclient 4.1, Jetty 12, Saxon-HE and Woodstox. Each follows redirects as it does by default.
 */
public final class LibraryClients {
  private static final int TIMEOUT_MILLIS = 10_000;

  private LibraryClients() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, Client> clients = new LinkedHashMap<>();
    clients.put("okhttp", request -> okHttp(new OkHttpClient.Builder(), request));
    clients.put("okhttp-xff-interceptor", request -> okHttp(new OkHttpClient.Builder().addInterceptor(chain ->
        chain.proceed(chain.request().newBuilder().header("X-Forwarded-For", "203.0.113.9").build())), request));
    clients.put("apache4", request -> apache4(request, false));
    clients.put("apache4-default-headers", request -> apache4(request, true));
    clients.put("apache5", request -> apache5(request, false));
    clients.put("apache5-default-headers", request -> apache5(request, true));
    clients.put("apache5-async", LibraryClients::apache5Async);
    clients.put("apache4-async", LibraryClients::apache4Async);
    Jetty jetty = new Jetty();
    clients.put("jetty", jetty::send);
    clients.put("xslt-saxon", request -> JdkClients.transform(new net.sf.saxon.TransformerFactoryImpl(),
        "document('" + request.url() + "')"));
    clients.put("xslt-saxon-unparsed-text", request -> saxonUnparsedText(request.url()));
    clients.put("woodstox-entity", LibraryClients::woodstox);
    CorpusRows.run(clients);
  }

  private static Response okHttp(OkHttpClient.Builder builder, Request request) throws Exception {
    builder.connectTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).readTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    if (request.proxy() != null) {
      builder.proxy(new java.net.Proxy(java.net.Proxy.Type.HTTP,
          new InetSocketAddress(request.proxyHost(), request.proxyPort())));
    }
    okhttp3.Request.Builder call = new okhttp3.Request.Builder().url(request.url())
        .method(request.method(), request.method().equals("PUT") ? okhttp3.RequestBody.create(new byte[0]) : null);
    request.headers().forEach(call::header);
    try (okhttp3.Response response = builder.build().newCall(call.build()).execute()) {
      return new Response(response.code(), response.body().string());
    }
  }

  /** With {@code defaultHeaders} the row's headers (the token) are the client's default headers, not the request's. */
  private static Response apache4(Request request, boolean defaultHeaders) throws Exception {
    org.apache.http.impl.client.HttpClientBuilder builder = org.apache.http.impl.client.HttpClients.custom()
        .setDefaultRequestConfig(org.apache.http.client.config.RequestConfig.custom()
            .setConnectTimeout(TIMEOUT_MILLIS).setSocketTimeout(TIMEOUT_MILLIS).build());
    if (request.proxy() != null) {
      builder.setProxy(new org.apache.http.HttpHost(request.proxyHost(), request.proxyPort()));
    }
    org.apache.http.client.methods.HttpRequestBase call = request.method().equals("PUT")
        ? new org.apache.http.client.methods.HttpPut(request.url())
        : new org.apache.http.client.methods.HttpGet(request.url());
    List<org.apache.http.Header> headers = new ArrayList<>();
    request.headers().forEach((name, value) -> headers.add(new org.apache.http.message.BasicHeader(name, value)));
    if (defaultHeaders) {
      builder.setDefaultHeaders(headers);
    } else {
      headers.forEach(call::addHeader);
    }
    try (org.apache.http.impl.client.CloseableHttpClient client = builder.build();
         org.apache.http.client.methods.CloseableHttpResponse response = client.execute(call)) {
      return new Response(response.getStatusLine().getStatusCode(),
          org.apache.http.util.EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
    }
  }

  private static Response apache5(Request request, boolean defaultHeaders) throws Exception {
    org.apache.hc.client5.http.impl.classic.HttpClientBuilder builder =
        org.apache.hc.client5.http.impl.classic.HttpClients.custom();
    if (request.proxy() != null) {
      builder.setProxy(new org.apache.hc.core5.http.HttpHost(request.proxyHost(), request.proxyPort()));
    }
    org.apache.hc.client5.http.classic.methods.HttpUriRequestBase call =
        new org.apache.hc.client5.http.classic.methods.HttpUriRequestBase(request.method(),
            java.net.URI.create(request.url()));
    List<org.apache.hc.core5.http.Header> headers = new ArrayList<>();
    request.headers().forEach((name, value) ->
        headers.add(new org.apache.hc.core5.http.message.BasicHeader(name, value)));
    if (defaultHeaders) {
      builder.setDefaultHeaders(headers);
    } else {
      headers.forEach(call::addHeader);
    }
    try (org.apache.hc.client5.http.impl.classic.CloseableHttpClient client = builder.build()) {
      return client.execute(call, response -> new Response(response.getCode(), response.getEntity() == null ? ""
          : org.apache.hc.core5.http.io.entity.EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }
  }

  private static Response apache5Async(Request request) throws Exception {
    org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder builder =
        org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom();
    if (request.proxy() != null) {
      builder.setProxy(new org.apache.hc.core5.http.HttpHost(request.proxyHost(), request.proxyPort()));
    }
    try (org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client = builder.build()) {
      client.start();
      org.apache.hc.client5.http.async.methods.SimpleRequestBuilder call =
          org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.create(request.method())
              .setUri(java.net.URI.create(request.url()));
      request.headers().forEach(call::addHeader);
      Future<org.apache.hc.client5.http.async.methods.SimpleHttpResponse> future = client.execute(call.build(), null);
      org.apache.hc.client5.http.async.methods.SimpleHttpResponse response =
          future.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return new Response(response.getCode(), response.getBodyText() == null ? "" : response.getBodyText());
    }
  }

  private static Response apache4Async(Request request) throws Exception {
    org.apache.http.impl.nio.client.HttpAsyncClientBuilder builder =
        org.apache.http.impl.nio.client.HttpAsyncClients.custom();
    if (request.proxy() != null) {
      builder.setProxy(new org.apache.http.HttpHost(request.proxyHost(), request.proxyPort()));
    }
    try (org.apache.http.impl.nio.client.CloseableHttpAsyncClient client = builder.build()) {
      client.start();
      org.apache.http.client.methods.HttpRequestBase call = request.method().equals("PUT")
          ? new org.apache.http.client.methods.HttpPut(request.url())
          : new org.apache.http.client.methods.HttpGet(request.url());
      request.headers().forEach(call::addHeader);
      org.apache.http.HttpResponse response = client.execute(call, null).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return new Response(response.getStatusLine().getStatusCode(),
          org.apache.http.util.EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
    }
  }

  /** One started Jetty client, and one more per proxy (Jetty configures proxies per client). */
  private static final class Jetty {
    private final Map<String, org.eclipse.jetty.client.HttpClient> clients = new ConcurrentHashMap<>();

    Response send(Request request) throws Exception {
      String key = request.proxy() == null ? "" : request.proxy();
      org.eclipse.jetty.client.HttpClient client = clients.computeIfAbsent(key, proxy -> start(request));
      org.eclipse.jetty.client.Request call = client.newRequest(request.url()).method(request.method())
          .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      call.headers(headers -> request.headers().forEach(headers::put));
      org.eclipse.jetty.client.ContentResponse response = call.send();
      return new Response(response.getStatus(), response.getContentAsString());
    }

    private static org.eclipse.jetty.client.HttpClient start(Request request) {
      org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
      if (request.proxy() != null) {
        client.getProxyConfiguration().addProxy(new org.eclipse.jetty.client.HttpProxy(request.proxyHost(),
            request.proxyPort()));
      }
      try {
        client.start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return client;
    }
  }

  private static Response saxonUnparsedText(String url) throws Exception {
    net.sf.saxon.s9api.Processor processor = new net.sf.saxon.s9api.Processor(false);
    net.sf.saxon.s9api.XdmValue value = processor.newXPathCompiler().evaluate("unparsed-text('" + url + "')", null);
    return new Response(200, value.toString());
  }

  private static Response woodstox(Request request) throws Exception {
    XMLInputFactory factory = new com.ctc.wstx.stax.WstxInputFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, true);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, true);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
    XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"" + request.url() + "\">]><r>&x;</r>"));
    StringBuilder text = new StringBuilder();
    while (reader.hasNext()) {
      reader.next();
      if (reader.isCharacters()) {
        text.append(reader.getText());
      }
    }
    return new Response(200, text.toString());
  }
}
