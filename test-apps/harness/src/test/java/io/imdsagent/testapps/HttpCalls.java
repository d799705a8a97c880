package io.imdsagent.testapps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP/1.1 calls without a proxy, for tests that talk to the emulator or the stub over real sockets. */
public final class HttpCalls {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private HttpCalls() {
  }

  /** Sends a request with headers given as name, value, name, value... and a 5 s timeout. */
  public static HttpResponse<String> send(String method, String url, String... headers)
      throws IOException, InterruptedException {
    return send(method, url, Duration.ofSeconds(5), HttpRequest.BodyPublishers.noBody(), headers);
  }

  public static HttpResponse<String> send(String method, String url, Duration timeout,
      HttpRequest.BodyPublisher body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).method(method, body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
