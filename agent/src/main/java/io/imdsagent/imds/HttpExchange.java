package io.imdsagent.imds;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 request from the agent itself, over its own {@link AgentSocket} (never a proxy, never
 * refused by the connection guard) and a fresh connection ({@code Connection: close}): the agent's IMDS
 * transport and the relay's forwarding both send through here. Connect and read are each bounded by the
 * timeout, the answer by a size limit.
 */
public final class HttpExchange {
    private final int timeoutMillis;
    private final int maxBodyBytes;

    public HttpExchange(long timeoutMillis, int maxBodyBytes) {
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param destination where to connect (resolved or not: a host name is resolved here)
     * @param requestLine such as {@code GET /latest/meta-data/ HTTP/1.1}
     * @param headers header lines ({@code Name: value}) to send besides {@code Content-Length} and
     *     {@code Connection}; must include {@code Host}
     * @param body request body, or null for none
     * @param tls whether to speak TLS over the connection (an {@code https} endpoint)
     * @throws java.net.ConnectException when nothing listens
     * @throws java.net.SocketTimeoutException when connecting or reading took longer than the timeout
     */
    public HttpReply send(InetSocketAddress destination, String requestLine, List<String> headers, byte[] body,
                          boolean tls) throws IOException {
        try (Socket socket = AgentSocket.open(destination, timeoutMillis, tls)) {
            socket.setSoTimeout(timeoutMillis);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            List<String> head = new ArrayList<String>(headers.size() + 3);
            head.add(requestLine);
            head.addAll(headers);
            if (body != null && body.length > 0 || requestLine.startsWith("PUT ") || requestLine.startsWith("POST ")) {
                head.add("Content-Length: " + (body == null ? 0 : body.length));
            }
            head.add("Connection: close");
            HttpWire.write(socket.getOutputStream(), head, body);
            InputStream in = new BufferedInputStream(new Deadline(socket.getInputStream(), deadline));
            List<String> response = HttpWire.readHead(in);
            // 1xx interim answers (100 Continue) come before the real one.
            while (response != null && status(response) >= 100 && status(response) < 200) {
                response = HttpWire.readHead(in);
            }
            if (response == null) {
                throw new IOException("imds-agent: " + destination + " closed the connection without an answer");
            }
            int status = status(response);
            boolean noBody = requestLine.startsWith("HEAD ") || status == 204 || status == 304;
            byte[] answer = noBody ? new byte[0] : HttpWire.readBody(in, response, true, maxBodyBytes);
            String statusLine = response.get(0);
            String reason = statusLine.length() > 13 ? statusLine.substring(13).trim() : "";
            return new HttpReply(status, reason, response.subList(1, response.size()), answer);
        }
    }

    private static int status(List<String> head) throws IOException {
        String line = head.get(0);
        int space = line.indexOf(' ');
        if (!line.startsWith("HTTP/") || space < 0 || line.length() < space + 4) {
            String shown = line.length() > 40 ? line.substring(0, 40) : line;
            throw new IOException("imds-agent: not an HTTP answer: " + shown);
        }
        try {
            return Integer.parseInt(line.substring(space + 1, space + 4));
        } catch (NumberFormatException e) {
            throw new IOException("imds-agent: not an HTTP status: " + line);
        }
    }

    /**
     * The socket's read timeout bounds each read only; an answer dripped a byte at a time would hold the caller
     * for as long as the other side likes. This bounds the whole exchange by the timeout.
     */
    private static final class Deadline extends FilterInputStream {
        private final long deadline;

        Deadline(InputStream in, long deadline) {
            super(in);
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            check();
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = super.read(into, offset, length);
            check();
            return n;
        }

        private void check() throws SocketTimeoutException {
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("imds-agent: the answer took longer than the timeout to arrive");
            }
        }
    }
}
