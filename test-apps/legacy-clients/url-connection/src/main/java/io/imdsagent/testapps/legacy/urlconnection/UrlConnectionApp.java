package io.imdsagent.testapps.legacy.urlconnection;

import io.imdsagent.testapps.legacy.ImdsCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** IMDS through {@code HttpURLConnection}, as hand-written code of the IMDSv1 era does it. */
public final class UrlConnectionApp implements ImdsCalls.Client {

    public static void main(String[] args) {
        ImdsCalls.run(new UrlConnectionApp(), args);
    }

    @Override
    public ImdsCalls.Reply get(String url, String token) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        if (token != null) {
            connection.setRequestProperty(ImdsCalls.TOKEN_HEADER, token);
        }
        int status = connection.getResponseCode();
        InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        return new ImdsCalls.Reply(status, body == null ? "" : read(body));
    }

    @Override
    public String token(String baseUrl) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(baseUrl + "/latest/api/token").openConnection();
        connection.setRequestMethod("PUT");
        connection.setRequestProperty(ImdsCalls.TTL_HEADER, "60");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.flush();
        }
        return read(connection.getInputStream());
    }

    static String read(InputStream in) throws IOException {
        try (InputStream stream = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
