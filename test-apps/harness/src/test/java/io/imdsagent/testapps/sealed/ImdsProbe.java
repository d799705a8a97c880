package io.imdsagent.testapps.sealed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Run inside the sealed namespace by SealedRunTest: fetches a token and the role from the IMDS base URL given
 * as the argument, and asks STS_ENDPOINT who it is, printing one {@code key=value} line per answer.
 */
public final class ImdsProbe {

  public static void main(String[] args) throws IOException {
    String base = args[0];
    HttpURLConnection put = open(base + "/latest/api/token", "PUT");
    put.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", "60");
    String token = body(put);
    System.out.println("token-status=" + put.getResponseCode());

    HttpURLConnection role = open(base + "/latest/meta-data/iam/security-credentials/", "GET");
    role.setRequestProperty("X-aws-ec2-metadata-token", token);
    System.out.println("role=" + body(role));

    String sts = System.getenv("STS_ENDPOINT");
    if (sts != null) {
      HttpURLConnection post = open(sts + "/", "POST");
      post.setDoOutput(true);
      post.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
      post.setRequestProperty("Authorization",
          "AWS4-HMAC-SHA256 Credential=ASIAPROBE00000000000/20240501/us-east-1/sts/aws4_request, Signature=00");
      try (OutputStream out = post.getOutputStream()) {
        out.write("Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
      }
      System.out.println("sts-status=" + post.getResponseCode());
    }
  }

  private static HttpURLConnection open(String url, String method) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
    connection.setRequestMethod(method);
    connection.setConnectTimeout(2000);
    connection.setReadTimeout(2000);
    return connection;
  }

  private static String body(HttpURLConnection connection) throws IOException {
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
