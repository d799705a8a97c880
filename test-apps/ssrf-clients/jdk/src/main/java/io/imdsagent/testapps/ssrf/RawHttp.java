package io.imdsagent.testapps.ssrf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** HTTP/1.1 written and read by hand, for the clients that have none of their own (sockets, plain Netty). */
public final class RawHttp {
  private RawHttp() {
  }

  /**
   * The request bytes: origin-form, or absolute-form when sent to a proxy ({@code CONNECT}: authority-form, the
   * URL's host and port); the connection closes after.
   */
  public static byte[] request(CorpusRows.Request request) {
    String target = request.method().equals("CONNECT") ? host(request.url()) + ":" + port(request.url())
        : request.proxy() != null ? request.url() : rawPath(request.url());
    StringBuilder text = new StringBuilder(request.method() + " " + target + " HTTP/1.1\r\n")
        .append("Host: ").append(hostPort(request.url())).append("\r\n")
        .append("Connection: close\r\n");
    if (!request.method().equals("GET") && !request.method().equals("CONNECT")) {
      text.append("Content-Length: 0\r\n");
    }
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      text.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code host[:port]} of a URL as written (a numeric spelling stays as it is). */
  public static String hostPort(String url) {
    String rest = url.substring(url.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /** The host of a URL as written, without brackets or port. */
  public static String host(String url) {
    String hostPort = hostPort(url);
    if (hostPort.startsWith("[")) {
      return hostPort.substring(1, hostPort.indexOf(']'));
    }
    int colon = hostPort.indexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  /** The port of a URL, 80 when it names none. */
  public static int port(String url) {
    String hostPort = hostPort(url);
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 || colon < hostPort.lastIndexOf(']') ? 80 : Integer.parseInt(hostPort.substring(colon + 1));
  }

  private static String rawPath(String url) {
    String rest = url.substring(url.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    return slash < 0 ? "/" : rest.substring(slash);
  }

  /** Status and body of a whole answer (read until the connection closed), chunked or not. */
  public static CorpusRows.Response parse(byte[] answer) throws IOException {
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      throw new IOException("not an HTTP answer: " + (text.isEmpty() ? "connection closed with no bytes" : text));
    }
    String head = text.substring(0, end);
    int status = Integer.parseInt(head.substring(9, 12));
    byte[] body = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
    if (head.toLowerCase().contains("transfer-encoding: chunked")) {
      body = dechunk(body);
    }
    return new CorpusRows.Response(status, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      int lineEnd = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      body.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return body.toByteArray();
  }
}
