package io.imdsagent.instrument;

import net.bytebuddy.dynamic.DynamicType;

/**
 * Apache HttpClient 5.x classic: every {@code execute} variant of {@code InternalHttpClient} (built by
 * {@code HttpClients}) and {@code MinimalHttpClient} reaches {@code doExecute(HttpHost, ClassicHttpRequest,
 * HttpContext)} once, before redirects and retries. The async client hands requests over as producers that
 * write themselves later, so there is no point where its headers can be read before they are sent; it is
 * not covered.
 */
public final class ApacheHttpClient5Instrumentation implements TypeInstrumentation {

    @Override
    public String[] classNames() {
        return new String[] {"org.apache.hc.client5.http.impl.classic.InternalHttpClient",
            "org.apache.hc.client5.http.impl.classic.MinimalHttpClient"};
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder) {
        return builder.visit(AdviceClassFiles.on("doExecute", 3,
                ClientRequestAdvice.Apache5.class, ClientRequestAdvice.ReturnOrThrow.class));
    }
}
