package io.imdsagent.testapps.legacy.apache5;

import io.imdsagent.testapps.legacy.ImdsCalls;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** IMDS through Apache HttpClient 5 (classic API). */
public final class ApacheHttp5App implements ImdsCalls.Client {
    private final CloseableHttpClient client = HttpClients.createDefault();

    public static void main(String[] args) {
        ImdsCalls.run(new ApacheHttp5App(), args);
    }

    @Override
    public ImdsCalls.Reply get(String url, String token) throws IOException, ParseException {
        HttpGet get = new HttpGet(url);
        if (token != null) {
            get.setHeader(ImdsCalls.TOKEN_HEADER, token);
        }
        try (CloseableHttpResponse response = client.execute(get)) {
            return new ImdsCalls.Reply(response.getCode(), EntityUtils.toString(response.getEntity()));
        }
    }

    @Override
    public String token(String baseUrl) throws IOException, ParseException {
        HttpPut put = new HttpPut(baseUrl + "/latest/api/token");
        put.setHeader(ImdsCalls.TTL_HEADER, "60");
        try (CloseableHttpResponse response = client.execute(put)) {
            return EntityUtils.toString(response.getEntity());
        }
    }
}
