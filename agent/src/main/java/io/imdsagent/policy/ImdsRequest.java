package io.imdsagent.policy;

/**
 * One application request to IMDS as a client adapter saw it, before it was sent: enough to decide on
 * it and to report it. Immutable; holds no header values (a token is only noted as present).
 */
public final class ImdsRequest {
    public static final String TOKEN_PATH = "/latest/api/token";
    /** Headers that mark a request as forwarded for someone else: never to be answered by IMDS. */
    public static final String[] FORWARDING_HEADERS = {"X-Forwarded-For", "Forwarded", "Via"};

    private final String client;
    private final String method;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final boolean tokened;
    private String forwardingHeader;

    /**
     * @param client the client's name for events ({@code HttpURLConnection}, {@code OkHttp}...)
     * @param port -1 for the scheme's default
     * @param path the request path; empty means {@code /}
     * @param tokened whether the request carries {@code X-aws-ec2-metadata-token}
     */
    public ImdsRequest(String client, String method, String scheme, String host, int port, String path,
                       boolean tokened) {
        this.client = client;
        this.method = method;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path == null || path.isEmpty() ? "/" : path;
        this.tokened = tokened;
    }

    /** The same request, named as made by {@code otherClient} (a write's hooked path first, its library once known). */
    public ImdsRequest madeBy(String otherClient) {
        ImdsRequest same = new ImdsRequest(otherClient, method, scheme, host, port, path, tokened);
        same.forwardingHeader = forwardingHeader;
        return same;
    }

    public String client() {
        return client;
    }

    public String method() {
        return method;
    }

    /** As the client wrote it. */
    public String host() {
        return host;
    }

    public String path() {
        return path;
    }

    public boolean tokened() {
        return tokened;
    }

    /** The first of {@link #FORWARDING_HEADERS} the request carries, or null. */
    public String forwardingHeader() {
        return forwardingHeader;
    }

    /** Notes which forwarding header, if any, {@code headers} holds; returns this request. */
    public ImdsRequest withHeaders(HeaderLookup headers) throws ReflectiveOperationException {
        for (String name : FORWARDING_HEADERS) {
            if (headers.present(name)) {
                forwardingHeader = name;
                break;
            }
        }
        return this;
    }

    /** A client's own way to ask whether its request carries a header. */
    public interface HeaderLookup {
        boolean present(String name) throws ReflectiveOperationException;
    }

    /** {@code PUT /latest/api/token}: asks for a token, so it is IMDSv2 by definition. */
    public boolean isTokenPut() {
        return "PUT".equals(method) && TOKEN_PATH.equals(path);
    }

    /** {@code http://host[:port]/path}, for events and messages (IMDS URLs carry no secrets). */
    public String url() {
        String bracketed = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + bracketed + (port < 0 ? "" : ":" + port) + path;
    }

    @Override
    public String toString() {
        return client + " " + method + " " + url() + (tokened ? " (with token)" : " (no token)");
    }
}
