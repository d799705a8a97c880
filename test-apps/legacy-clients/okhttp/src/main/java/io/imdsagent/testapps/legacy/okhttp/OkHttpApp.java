package io.imdsagent.testapps.legacy.okhttp;

import io.imdsagent.testapps.legacy.ImdsCalls;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** IMDS through OkHttp, written against the API that 3.x and 4.x share (module okhttp-3 runs it on 3.x). */
public final class OkHttpApp implements ImdsCalls.Client {
    private final OkHttpClient client = new OkHttpClient();

    public static void main(String[] args) {
        ImdsCalls.run(new OkHttpApp(), args);
        // OkHttp's dispatcher and connection pool threads would keep the JVM alive for a minute.
        System.exit(0);
    }

    @Override
    public ImdsCalls.Reply get(String url, String token) throws IOException {
        Request.Builder request = new Request.Builder().url(url);
        if (token != null) {
            request.header(ImdsCalls.TOKEN_HEADER, token);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            return new ImdsCalls.Reply(response.code(), response.body().string());
        }
    }

    @Override
    public String token(String baseUrl) throws IOException {
        Request request = new Request.Builder().url(baseUrl + "/latest/api/token")
                .put(RequestBody.create((MediaType) null, new byte[0])).header(ImdsCalls.TTL_HEADER, "60").build();
        try (Response response = client.newCall(request).execute()) {
            return response.body().string();
        }
    }
}
