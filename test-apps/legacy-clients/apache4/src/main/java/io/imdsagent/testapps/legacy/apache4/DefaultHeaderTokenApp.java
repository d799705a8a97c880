package io.imdsagent.testapps.legacy.apache4;

import io.imdsagent.testapps.legacy.ImdsCalls;
import java.util.Collections;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;

/**
 * IMDSv2 through an Apache HttpClient 4.5 whose token is a client-wide default header ({@code setDefaultHeaders}):
 * the requests as sent carry it. Prints {@code default-header-token: STATUS BODY} or {@code ...: error ...}.
 */
public final class DefaultHeaderTokenApp {
    private DefaultHeaderTokenApp() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : ImdsCalls.baseUrl();
        String token = new ApacheHttp4App().token(base);
        try (CloseableHttpClient client = HttpClients.custom()
                .setDefaultHeaders(Collections.singletonList(new BasicHeader(ImdsCalls.TOKEN_HEADER, token))).build();
             CloseableHttpResponse response = client.execute(new HttpGet(base + "/latest/meta-data/instance-id"))) {
            System.out.println("default-header-token: " + response.getStatusLine().getStatusCode() + " "
                    + EntityUtils.toString(response.getEntity()).trim());
        } catch (Exception e) {
            System.out.println("default-header-token: error " + e);
        }
    }
}
