package io.imdsagent.testapps.legacy.apache5;

import io.imdsagent.testapps.legacy.ImdsCalls;
import java.util.Collections;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * IMDSv2 through an Apache HttpClient 5 classic client whose token is a client-wide default header
 * ({@code setDefaultHeaders}): the requests as sent carry it. Prints {@code default-header-token: STATUS BODY}.
 */
public final class DefaultHeaderTokenApp {
    private DefaultHeaderTokenApp() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : ImdsCalls.baseUrl();
        String token = new ApacheHttp5App().token(base);
        try (CloseableHttpClient client = HttpClients.custom()
                .setDefaultHeaders(Collections.singletonList(new BasicHeader(ImdsCalls.TOKEN_HEADER, token))).build();
             CloseableHttpResponse response = client.execute(new HttpGet(base + "/latest/meta-data/instance-id"))) {
            System.out.println("default-header-token: " + response.getCode() + " "
                    + EntityUtils.toString(response.getEntity()).trim());
        } catch (Exception e) {
            System.out.println("default-header-token: error " + e);
        }
    }
}
