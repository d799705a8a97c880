package io.imdsagent.imds;

import java.io.BufferedInputStream;
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
 * transport and the relay's forwarding both send through here. The whole request, connect included, is
 * bounded by the timeout, the answer by a size limit.
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
        // Started before connecting: the timeout bounds the whole request, connect included.
        Deadline deadline = Deadline.in(timeoutMillis);
        try (Socket socket = AgentSocket.open(destination, timeoutMillis, tls)) {
            List<String> head = new ArrayList<String>(headers.size() + 3);
            head.add(requestLine);
            head.addAll(headers);
            if (body != null && body.length > 0 || requestLine.startsWith("PUT ") || requestLine.startsWith("POST ")) {
                head.add("Content-Length: " + (body == null ? 0 : body.length));
            }
            head.add("Connection: close");
            HttpWire.write(socket.getOutputStream(), head, body);
            InputStream in = new BufferedInputStream(new BoundedAnswer(socket, deadline));
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
     * The socket's read timeout bounds each read only: an answer dripped a byte at a time would hold the caller
     * as long as the server likes. This bounds the whole answer: each read waits at most what is left.
     */
    private static final class BoundedAnswer extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final Deadline deadline;

        BoundedAnswer(Socket socket, Deadline deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long leftMillis = deadline.leftMillis();
            if (leftMillis <= 0) {
                throw new SocketTimeoutException("imds-agent: the answer took longer than the timeout to arrive");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
            return in.read(buffer, offset, length);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
