package io.imdsagent.testapps.legacy.jdkhttp;

import io.imdsagent.testapps.legacy.ImdsCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * IMDS through the JDK's {@code java.net.http.HttpClient}: the instance id with {@code send}, everything else
 * with {@code sendAsync} (whose failures arrive wrapped in an {@code ExecutionException}).
 */
public final class JdkHttpClientApp implements ImdsCalls.Client {
    private final HttpClient client = HttpClient.newHttpClient();

    public static void main(String[] args) {
        ImdsCalls.run(new JdkHttpClientApp(), args);
    }

    @Override
    public ImdsCalls.Reply get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header(ImdsCalls.TOKEN_HEADER, token);
        }
        HttpResponse<String> response = url.endsWith("/instance-id")
                ? client.send(request.build(), HttpResponse.BodyHandlers.ofString())
                : client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get();
        return new ImdsCalls.Reply(response.statusCode(), response.body());
    }

    @Override
    public String token(String baseUrl) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/latest/api/token"))
                .PUT(HttpRequest.BodyPublishers.noBody()).header(ImdsCalls.TTL_HEADER, "60").build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
