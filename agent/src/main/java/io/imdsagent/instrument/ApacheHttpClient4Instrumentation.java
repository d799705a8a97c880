package io.imdsagent.instrument;

import net.bytebuddy.dynamic.DynamicType;

/**
 * Apache HttpClient 4.x: every {@code execute} variant of a client built by {@code HttpClients} or
 * {@code HttpClientBuilder} ({@code InternalHttpClient}), of {@code HttpClients.createMinimal()}
 * ({@code MinimalHttpClient}) and of the deprecated {@code DefaultHttpClient} ({@code AbstractHttpClient})
 * reaches {@code doExecute(HttpHost, HttpRequest, HttpContext)} once, before redirects and retries. Headers
 * that request interceptors would add later (client-wide default headers) are not seen there.
 */
public final class ApacheHttpClient4Instrumentation implements TypeInstrumentation {

    @Override
    public String[] classNames() {
        return new String[] {"org.apache.http.impl.client.InternalHttpClient",
            "org.apache.http.impl.client.MinimalHttpClient", "org.apache.http.impl.client.AbstractHttpClient"};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("doExecute", 3,
                ClientRequestAdvice.Apache4.class, ClientRequestAdvice.ReturnOrThrow.class));
    }
}
