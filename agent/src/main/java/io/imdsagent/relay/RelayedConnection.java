package io.imdsagent.relay;

import io.imdsagent.imds.HttpExchange;
import io.imdsagent.imds.HttpReply;
import io.imdsagent.imds.HttpWire;
import io.imdsagent.policy.CallSite;
import io.imdsagent.policy.ConnectionRules;
import io.imdsagent.policy.ImdsAnswer;
import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ImdsV1Decision;
import io.imdsagent.policy.ImdsV1Gate;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One application connection to IMDS or a container credential endpoint, as the relay serves it: its HTTP/1.1
 * request is read, decided by the {@link ImdsV1Gate} with the client and caller
 * found at connect time, and answered: forwarded through the agent's own transport (a token PUT, a tokened
 * request, {@code allow}, a container endpoint), answered over the agent's session ({@code upgrade}), or
 * refused with a status and a body beginning {@code imds-agent:}. Anything that is not such a request closes
 * the connection.
 */
final class RelayedConnection implements Runnable {
    /** Request bodies: IMDS takes none (the token PUT is empty); container endpoints neither. */
    static final int MAX_REQUEST_BODY = 64 * 1024;
    /** Answers passed back: IMDS user data is at most 16 KiB, with headroom. */
    static final int MAX_ANSWER_BODY = 1024 * 1024;
    /** How long the application may take to send its request. */
    static final int IDLE_MILLIS = 60_000;

    private final ServerSocket listener;
    private final Target target;
    private final ImdsV1Gate gate;
    private final HttpExchange upstream;

    RelayedConnection(ServerSocket listener, Target target, ImdsV1Gate gate, HttpExchange upstream) {
        this.listener = listener;
        this.target = target;
        this.gate = gate;
        this.upstream = upstream;
    }

    @Override
    public void run() {
        Socket application;
        try (ServerSocket once = listener) {
            application = once.accept();
        } catch (IOException neverConnected) {
            return;
        }
        try (Socket connection = application) {
            connection.setSoTimeout(IDLE_MILLIS);
            connection.setTcpNoDelay(true);
            serve(new BufferedInputStream(connection.getInputStream()), connection.getOutputStream());
        } catch (IOException | RuntimeException closed) {
            // The application sees its connection closed, as after any broken exchange; nothing was forwarded.
        }
    }

    /**
     * Answers the connection's first request and closes it ({@code Connection: close}). Clients pool kept-alive
     * connections; a pooled one would carry later requests past the checks made at connect time (an XML
     * processor, the caller) and report them under the first caller. IMDS calls are few, so each gets its own.
     */
    void serve(InputStream in, OutputStream out) throws IOException {
        List<String> head = HttpWire.readHead(in);
        if (head == null) {
            return;
        }
        String[] requestLine = head.get(0).split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            write(out, 400, "Bad Request", textHeaders(), text("imds-agent: not an HTTP/1.1 request"));
            return;
        }
        if ("100-continue".equalsIgnoreCase(HttpWire.header(head, "Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body = HttpWire.readBody(in, head, false, MAX_REQUEST_BODY);
        answer(requestLine[0], requestLine[1], head, body, out);
    }

    private void answer(String method, String requestTarget, final List<String> head, byte[] body, OutputStream out)
            throws IOException {
        String path = path(requestTarget);
        InetSocketAddress destination = target.address;
        int port = destination.getPort();
        ImdsRequest request;
        try {
            request = new ImdsRequest(target.client, method, "http", destination.getAddress().getHostAddress(),
                    port == 80 ? -1 : port, path, HttpWire.header(head, "X-aws-ec2-metadata-token") != null)
                    .withHeaders(new ImdsRequest.HeaderLookup() {
                        @Override
                        public boolean present(String name) {
                            return HttpWire.header(head, name) != null;
                        }
                    });
        } catch (ReflectiveOperationException impossible) {
            throw new IllegalStateException(impossible);
        }
        ImdsV1Decision decision = target.destination == ConnectionRules.Destination.IMDS
                ? gate.decideRelayed(request, target.site) : gate.decideContainer(request, target.site);
        if (decision.passes()) {
            forward(method, requestTarget, head, body, out);
        } else if (decision.answer() != null) {
            ImdsAnswer answer = decision.answer();
            boolean headOnly = method.equals("HEAD");
            List<String> headers = new ArrayList<String>();
            for (Map.Entry<String, String> header : answer.headers().entrySet()) {
                // A HEAD answer tells the length of the body it does not send.
                if (headOnly || !header.getKey().equalsIgnoreCase("Content-Length")) {
                    headers.add(header.getKey() + ": " + header.getValue());
                }
            }
            write(out, answer.status(), answer.reason(), headers, headOnly ? null : answer.body(), !headOnly);
        } else {
            int status = decision.refusalStatus();
            write(out, status, new ImdsAnswer(status, "").reason(), textHeaders(),
                    text(decision.refusal().getMessage()));
        }
    }

    /** Sends the application's request on, unchanged but for hop-by-hop headers, and its answer back. */
    private void forward(String method, String requestTarget, List<String> head, byte[] body, OutputStream out)
            throws IOException {
        List<String> headers = new ArrayList<String>(head.size());
        for (int i = 1; i < head.size(); i++) {
            String name = HttpWire.headerName(head.get(i));
            if (name != null && !HttpWire.hopByHop(name)) {
                headers.add(head.get(i));
            }
        }
        HttpReply reply;
        try {
            reply = upstream.send(target.address, method + " " + originForm(requestTarget) + " HTTP/1.1", headers,
                    body.length > 0 || method.equals("PUT") || method.equals("POST") ? body : null, false);
        } catch (IOException unreachable) {
            write(out, 502, "Bad Gateway", textHeaders(), text("imds-agent: could not reach " + target.address
                    + " (" + unreachable.getMessage() + ")"));
            return;
        }
        List<String> replyHeaders = new ArrayList<String>();
        String contentLength = null;
        for (String line : reply.headers()) {
            String name = HttpWire.headerName(line);
            if (name != null && name.equalsIgnoreCase("Content-Length")) {
                contentLength = line;
            }
            if (name != null && !HttpWire.hopByHop(name)) {
                replyHeaders.add(line);
            }
        }
        if (method.equals("HEAD") && contentLength != null) {
            // A HEAD answer tells the length of the body it does not send.
            replyHeaders.add(contentLength);
            write(out, reply.status(), reply.reason(), replyHeaders, null, false);
            return;
        }
        write(out, reply.status(), reply.reason(), replyHeaders, method.equals("HEAD") ? null : reply.body());
    }

    private static void write(OutputStream out, int status, String reason, List<String> headers, byte[] body)
            throws IOException {
        write(out, status, reason, headers, body, true);
    }

    private static void write(OutputStream out, int status, String reason, List<String> headers, byte[] body,
                              boolean withLength) throws IOException {
        List<String> lines = new ArrayList<String>(headers.size() + 3);
        lines.add("HTTP/1.1 " + status + (reason.isEmpty() ? "" : " " + reason));
        lines.addAll(headers);
        if (withLength) {
            lines.add("Content-Length: " + (body == null ? 0 : body.length));
        }
        lines.add("Connection: close");
        HttpWire.write(out, lines, body);
    }

    private static List<String> textHeaders() {
        List<String> headers = new ArrayList<String>(1);
        headers.add("Content-Type: text/plain");
        return headers;
    }

    private static byte[] text(String message) {
        return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The path of an origin-form ({@code /a/b?q}) or absolute-form ({@code http://host/a/b}) request target. */
    static String path(String requestTarget) {
        String origin = originForm(requestTarget);
        int query = origin.indexOf('?');
        return query < 0 ? origin : origin.substring(0, query);
    }

    private static String originForm(String requestTarget) {
        if (requestTarget.startsWith("/")) {
            return requestTarget;
        }
        try {
            URI uri = URI.create(requestTarget);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException malformed) {
            return "/";
        }
    }

    /** Where a connection was going, and who opened it: known when it was made. */
    static final class Target {
        final ConnectionRules.Destination destination;
        final InetSocketAddress address;
        final String client;
        final CallSite site;

        Target(ConnectionRules.Destination destination, InetSocketAddress address, String client, CallSite site) {
            this.destination = destination;
            this.address = address;
            this.client = client;
            this.site = site;
        }

        @Override
        public String toString() {
            return address + " (" + client + ")";
        }
    }
}
