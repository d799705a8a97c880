package io.imdsagent.testapps.legacy.okhttp;

import io.imdsagent.testapps.legacy.ImdsCalls;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A token-less IMDS GET through an OkHttp client whose application interceptor adds {@code X-Forwarded-For}
 * (a proxying app that forwards what it fetches): the request as sent is a forwarded one. Prints
 * {@code interceptor-forwarded: STATUS BODY} or {@code interceptor-forwarded: error ...}.
 */
public final class InterceptorApp {
    private InterceptorApp() {
    }

    public static void main(String[] args) {
        String base = args.length > 0 ? args[0] : ImdsCalls.baseUrl();
        OkHttpClient client = new OkHttpClient.Builder()
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("X-Forwarded-For", "203.0.113.7").build()))
                .build();
        try (Response response = client.newCall(new Request.Builder()
                .url(base + "/latest/meta-data/instance-id").build()).execute()) {
            System.out.println("interceptor-forwarded: " + response.code() + " " + response.body().string().trim());
        } catch (Exception e) {
            System.out.println("interceptor-forwarded: error " + e);
        }
        System.exit(0);
    }
}
