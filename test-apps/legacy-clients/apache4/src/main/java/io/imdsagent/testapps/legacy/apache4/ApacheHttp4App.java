package io.imdsagent.testapps.legacy.apache4;

import io.imdsagent.testapps.legacy.ImdsCalls;
import java.io.IOException;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/** IMDS through Apache HttpClient 4.5. */
public final class ApacheHttp4App implements ImdsCalls.Client {
    private final CloseableHttpClient client = HttpClients.createDefault();

    public static void main(String[] args) {
        ImdsCalls.run(new ApacheHttp4App(), args);
    }

    @Override
    public ImdsCalls.Reply get(String url, String token) throws IOException {
        HttpGet get = new HttpGet(url);
        if (token != null) {
            get.setHeader(ImdsCalls.TOKEN_HEADER, token);
        }
        try (CloseableHttpResponse response = client.execute(get)) {
            return new ImdsCalls.Reply(response.getStatusLine().getStatusCode(), EntityUtils.toString(response.getEntity()));
        }
    }

    @Override
    public String token(String baseUrl) throws IOException {
        HttpPut put = new HttpPut(baseUrl + "/latest/api/token");
        put.setHeader(ImdsCalls.TTL_HEADER, "60");
        try (CloseableHttpResponse response = client.execute(put)) {
            return EntityUtils.toString(response.getEntity());
        }
    }
}
