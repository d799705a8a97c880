package io.imdsagent.testapps.ssrf;

import io.imdsagent.testapps.ssrf.CorpusRows.Client;
import io.imdsagent.testapps.ssrf.CorpusRows.Request;
import io.imdsagent.testapps.ssrf.CorpusRows.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/**
 * The JDK's own clients and XML processors, and the AWS SDK v2 instance-profile provider: the corpus rows
 * for {@code url-connection}, {@code jdk-http}, {@code socket}, {@code socket-channel}, {@code async-channel}
 * ({@code AsynchronousSocketChannel} connecting through the future; {@code -handler}: through a completion handler), {@code xml-*},
 * {@code xslt-xalan} and {@code sdk-v2*}.
 */
public final class JdkClients {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private JdkClients() {
  }

  public static void main(String[] args) throws Exception {
    CorpusRows.run(clients());
  }

  /** Every client of this app by row name. */
  public static Map<String, Client> clients() {
    Map<String, Client> clients = new LinkedHashMap<>();
    clients.put("url-connection", JdkClients::urlConnection);
    HttpClient direct = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(TIMEOUT).build();
    clients.put("jdk-http", request -> jdkHttp(direct, request));
    clients.put("socket", JdkClients::socket);
    clients.put("socket-channel", JdkClients::socketChannel);
    clients.put("async-channel", request -> asyncSocketChannel(request, false));
    clients.put("async-channel-handler", request -> asyncSocketChannel(request, true));
    clients.put("xml-xinclude", request -> dom(true, "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
        + "<xi:include href=\"" + request.url() + "\" parse=\"text\"/></r>"));
    clients.put("xml-entity", request -> dom(false, "<!DOCTYPE r [<!ENTITY x SYSTEM \"" + request.url()
        + "\">]><r>&x;</r>"));
    clients.put("xml-sax-entity", request -> sax("<!DOCTYPE r [<!ENTITY x SYSTEM \"" + request.url()
        + "\">]><r>&x;</r>", new DefaultHandler()));
    clients.put("xml-parameter-entity", request -> dom(false, "<!DOCTYPE r [<!ENTITY % p SYSTEM \""
        + request.url() + "\"> %p;]><r/>"));
    clients.put("xml-external-dtd", request -> dom(false, "<!DOCTYPE r SYSTEM \"" + request.url() + "\"><r/>"));
    clients.put("xml-schema-import", JdkClients::schemaImport);
    clients.put("xslt-xalan", request -> transform(TransformerFactory.newDefaultInstance(),
        "document('" + request.url() + "')"));
    clients.put("sdk-v2", request -> credentials());
    clients.put("sdk-v2-in-xml-callback", JdkClients::credentialsInsideSaxCallback);
    return clients;
  }

  static Response urlConnection(Request request) throws Exception {
    URL url = new URL(request.url());
    HttpURLConnection connection = (HttpURLConnection) (request.proxy() == null ? url.openConnection()
        : url.openConnection(new Proxy(Proxy.Type.HTTP,
            new InetSocketAddress(request.proxyHost(), request.proxyPort()))));
    connection.setConnectTimeout((int) TIMEOUT.toMillis());
    connection.setReadTimeout((int) TIMEOUT.toMillis());
    connection.setRequestMethod(request.method());
    request.headers().forEach(connection::setRequestProperty);
    int status = connection.getResponseCode();
    InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
    return new Response(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
  }

  private static Response jdkHttp(HttpClient direct, Request request) throws Exception {
    HttpClient client = request.proxy() == null ? direct : HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(TIMEOUT)
        .proxy(ProxySelector.of(new InetSocketAddress(request.proxyHost(), request.proxyPort()))).build();
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(TIMEOUT)
        .method(request.method(), HttpRequest.BodyPublishers.noBody());
    request.headers().forEach(builder::header);
    HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  private static InetSocketAddress target(Request request) {
    return request.proxy() != null ? new InetSocketAddress(request.proxyHost(), request.proxyPort())
        : new InetSocketAddress(RawHttp.host(request.url()), RawHttp.port(request.url()));
  }

  private static Response socket(Request request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(target(request), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(RawHttp.request(request));
      out.flush();
      return RawHttp.parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Response socketChannel(Request request) throws Exception {
    try (SocketChannel channel = SocketChannel.open()) {
      channel.socket().setSoTimeout((int) TIMEOUT.toMillis());
      channel.connect(target(request));
      ByteBuffer out = ByteBuffer.wrap(RawHttp.request(request));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (channel.read(in) >= 0) {
        answer.write(in.array(), 0, in.position());
        in.clear();
      }
      return RawHttp.parse(answer.toByteArray());
    }
  }

  private static Response asyncSocketChannel(Request request, boolean handler) throws Exception {
    try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
      if (handler) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        channel.connect(target(request), null, new CompletionHandler<Void, Void>() {
          @Override
          public void completed(Void result, Void attachment) {
            connected.complete(null);
          }

          @Override
          public void failed(Throwable failure, Void attachment) {
            connected.completeExceptionally(failure);
          }
        });
        connected.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        channel.connect(target(request)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      ByteBuffer out = ByteBuffer.wrap(RawHttp.request(request));
      while (out.hasRemaining()) {
        channel.write(out).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (channel.read(in).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) >= 0) {
        answer.write(in.array(), 0, in.position());
        in.clear();
      }
      return RawHttp.parse(answer.toByteArray());
    }
  }

  private static Response dom(boolean xinclude, String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setXIncludeAware(xinclude);
    String text = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
        .getDocumentElement().getTextContent();
    return new Response(200, text);
  }

  private static Response sax(String xml, DefaultHandler handler) throws Exception {
    StringBuilder text = new StringBuilder();
    SAXParserFactory.newInstance().newSAXParser().parse(new InputSource(new StringReader(xml)), new DefaultHandler() {
      @Override
      public void startDocument() throws org.xml.sax.SAXException {
        handler.startDocument();
      }

      @Override
      public void characters(char[] ch, int start, int length) {
        text.append(ch, start, length);
      }
    });
    return new Response(200, text.toString());
  }

  private static Response schemaImport(Request request) throws Exception {
    String schema = "<xs:schema xmlns:xs=\"" + XMLConstants.W3C_XML_SCHEMA_NS_URI + "\">"
        + "<xs:import namespace=\"urn:imported\" schemaLocation=\"" + request.url() + "\"/></xs:schema>";
    SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(new StringReader(schema)));
    return new Response(200, "schema compiled");
  }

  /** Runs an XSLT 1.0 stylesheet whose output is {@code expression}'s string value. */
  public static Response transform(TransformerFactory factory, String expression) throws Exception {
    String stylesheet = "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
        + "<xsl:output method=\"text\"/><xsl:template match=\"/\"><xsl:value-of select=\"" + expression + "\"/>"
        + "</xsl:template></xsl:stylesheet>";
    StringWriter out = new StringWriter();
    factory.newTransformer(new StreamSource(new StringReader(stylesheet)))
        .transform(new StreamSource(new StringReader("<r/>")), new StreamResult(out));
    return new Response(200, out.toString());
  }

  /** Only the access key id, never a secret. */
  private static Response credentials() {
    AwsCredentials credentials = InstanceProfileCredentialsProvider.create().resolveCredentials();
    return new Response(200, "AccessKeyId=" + credentials.accessKeyId());
  }

  /** The JVM's first credential lookup, made inside an XML parser's callback (issue 8: the agent against itself). */
  private static Response credentialsInsideSaxCallback(Request request) throws Exception {
    StringBuilder seen = new StringBuilder();
    sax("<r/>", new DefaultHandler() {
      @Override
      public void startDocument() {
        seen.append(credentials().body());
      }
    });
    return new Response(200, seen.toString());
  }
}
