package io.imdsagent.testapps.ssrf;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The row loop every corpus app runs: reads one row a line from stdin and prints one result line per row,
 * so that one JVM serves every row of its clients. A row is {@code ID<TAB>CLIENT<TAB>PAYLOAD}, the payload
 * {@code GET URL [token] [header=NAME:VALUE]... [proxy=HOST:PORT]} ({@code _} in a value is a space): with
 * {@code token} the row first asks for an IMDSv2 token through the same client and sends it. The result line is
 * <pre>
 * ROW ID START_MILLIS END_MILLIS OK STATUS BODY
 * ROW ID START_MILLIS END_MILLIS ERR EXCEPTION_CLASS: MESSAGE
 * </pre>
 * with line breaks in the body or message written as {@code \n}. Every request carries
 * {@code User-Agent: imds-corpus/ID}, so the test matches what reached IMDS and the stubs to the row; what carries
 * no such name (the agent's own requests, an XML processor's) it matches by time, between START and END.
 */
public final class CorpusRows {
  public static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
  public static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  /** The User-Agent of every request a row sends, followed by the row's id. */
  public static final String USER_AGENT = "imds-corpus/";
  private static final int SHOWN = 400;

  private CorpusRows() {
  }

  /** One HTTP client (or XML processor) as an application uses it. */
  public interface Client {
    Response send(Request request) throws Exception;
  }

  /**
   * What a row asks for. For XML processors {@code url} is what the document points at.
   *
   * @param proxy {@code HOST:PORT} of an HTTP proxy to use, or null
   */
  public record Request(String method, String url, Map<String, String> headers, String proxy) {
    public String proxyHost() {
      return proxy.substring(0, proxy.lastIndexOf(':'));
    }

    public int proxyPort() {
      return Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1));
    }
  }

  public record Response(int status, String body) {
  }

  /** Runs every row stdin gives, through {@code clients} by name, then exits. */
  public static void run(Map<String, Client> clients) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) {
        System.out.println(row(clients, line));
        System.out.flush();
      }
    }
    System.exit(0);
  }

  private static String row(Map<String, Client> clients, String line) {
    String[] fields = line.split("\t", 3);
    long start = System.currentTimeMillis();
    String outcome;
    try {
      Client client = clients.get(fields[1]);
      if (client == null) {
        throw new IllegalArgumentException("no client " + fields[1] + " in this app; it has " + clients.keySet());
      }
      Response response = send(client, fields[0], fields[2]);
      outcome = "OK " + response.status() + " " + oneLine(response.body());
    } catch (Throwable e) {
      outcome = "ERR " + oneLine(describe(e));
    }
    long end = System.currentTimeMillis();
    while (System.currentTimeMillis() == end) {
      // The next row starts in a later millisecond, so that no request is in two rows' windows.
      Thread.onSpinWait();
    }
    return "ROW " + fields[0] + " " + start + " " + end + " " + outcome;
  }

  private static Response send(Client client, String id, String payload) throws Exception {
    String[] words = payload.trim().split("\\s+");
    String method = words[0];
    String url = words[1];
    Map<String, String> headers = new LinkedHashMap<>();
    // Names the row in the emulator's and the stubs' logs, whatever time a request is logged at.
    headers.put("User-Agent", USER_AGENT + id);
    String proxy = null;
    boolean token = false;
    for (int i = 2; i < words.length; i++) {
      if (words[i].equals("token")) {
        token = true;
      } else if (words[i].startsWith("header=")) {
        String header = words[i].substring("header=".length());
        // A payload is split on spaces, so a space in a header value is written as '_'.
        headers.put(header.substring(0, header.indexOf(':')),
            header.substring(header.indexOf(':') + 1).replace('_', ' '));
      } else if (words[i].startsWith("proxy=")) {
        proxy = words[i].substring("proxy=".length());
      } else {
        throw new IllegalArgumentException("unknown payload word " + words[i]);
      }
    }
    if (token) {
      Response minted = client.send(new Request("PUT", origin(url) + "/latest/api/token",
          Map.of("User-Agent", USER_AGENT + id, TTL_HEADER, "300"), proxy));
      if (minted.status() != 200) {
        throw new IllegalStateException("token PUT answered " + minted.status() + " " + minted.body());
      }
      headers.put(TOKEN_HEADER, minted.body().trim());
    }
    return client.send(new Request(method, url, headers, proxy));
  }

  /** {@code http://host[:port]} of a URL. */
  static String origin(String url) {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    return slash < 0 ? url : url.substring(0, slash);
  }

  /** The exception and its causes, as far as they add something: a parser often wraps the agent's refusal. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getName() + ": " + e.getMessage());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  private static String oneLine(String text) {
    String flat = String.valueOf(text).replace("\r", "").replace("\n", "\\n");
    return flat.length() > SHOWN ? flat.substring(0, SHOWN) + "..." : flat;
  }
}
