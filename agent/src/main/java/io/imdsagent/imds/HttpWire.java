package io.imdsagent.imds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The little of HTTP/1.1 that IMDS and container credential endpoints speak, in both directions: a message
 * head (start line and headers) read up to a size limit, a body by {@code Content-Length}, chunked or up to
 * the end of the stream, each bounded; nothing else. Used by the agent's own requests and by the relay.
 */
public final class HttpWire {
    /** Request and status lines and headers together; IMDS and its clients send a few hundred bytes. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    private HttpWire() {
    }

    /**
     * The lines of one message head without their line ends, the start line first; null when the stream
     * ends before the first byte (a keep-alive connection closed between requests).
     *
     * @throws IOException when the head is larger than {@link #MAX_HEAD_BYTES} or the stream ends inside it
     */
    public static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<String>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (total == 0) {
                    return null;
                }
                throw new IOException("imds-agent: the connection ended inside an HTTP message head");
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new IOException("imds-agent: HTTP message head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                if (line.length() == 0) {
                    if (lines.isEmpty()) {
                        // Tolerated before a request line (RFC 9112, 2.2).
                        continue;
                    }
                    return lines;
                }
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    /** The value of the first header {@code name} (any case) among {@code head}'s lines after the first, or null. */
    public static String header(List<String> head, String name) {
        return header(head, 1, name);
    }

    static String header(List<String> lines, int from, String name) {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon == name.length() && line.regionMatches(true, 0, name, 0, colon)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The header's name of one header line, or null for a malformed line. */
    public static String headerName(String line) {
        int colon = line.indexOf(':');
        return colon <= 0 ? null : line.substring(0, colon).trim();
    }

    /**
     * The body that follows {@code head}: by {@code Transfer-Encoding: chunked}, {@code Content-Length}, or,
     * when {@code toEnd} (a response without either), up to the end of the stream.
     *
     * @throws IOException when the body is larger than {@code maxBytes}, malformed or cut short
     */
    public static byte[] readBody(InputStream in, List<String> head, boolean toEnd, int maxBytes)
            throws IOException {
        String encoding = header(head, "Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase().contains("chunked")) {
            return readChunked(in, maxBytes);
        }
        String length = header(head, "Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("imds-agent: malformed Content-Length: " + length);
            }
            if (declared < 0 || declared > maxBytes) {
                throw tooLarge(maxBytes);
            }
            byte[] body = new byte[(int) declared];
            readFully(in, body);
            return body;
        }
        return toEnd ? readToEnd(in, maxBytes) : new byte[0];
    }

    private static byte[] readChunked(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("imds-agent: malformed chunk size: " + sizeLine);
            }
            if (size < 0 || body.size() + size > maxBytes) {
                throw tooLarge(maxBytes);
            }
            if (size == 0) {
                // Trailers, up to the empty line.
                while (!readLine(in).isEmpty()) {
                    continue;
                }
                return body.toByteArray();
            }
            byte[] chunk = new byte[(int) size];
            readFully(in, chunk);
            body.write(chunk);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("imds-agent: the connection ended inside a chunked body");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > 1024) {
                throw new IOException("imds-agent: malformed chunked body");
            }
            line.append((char) b);
        }
    }

    private static byte[] readToEnd(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + n > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int read = 0;
        while (read < into.length) {
            int n = in.read(into, read, into.length - read);
            if (n < 0) {
                throw new IOException("imds-agent: the connection ended inside an HTTP body");
            }
            read += n;
        }
    }

    private static IOException tooLarge(int maxBytes) {
        return new IOException("imds-agent: HTTP body larger than " + maxBytes
                + " bytes; refusing it (is the endpoint really IMDS?)");
    }

    /** Writes a message head ({@code lines}, then the empty line) and {@code body} in one flush. */
    public static void write(OutputStream out, List<String> lines, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder();
        for (String line : lines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** Whether a header is hop-by-hop: it describes one connection and is never passed on (RFC 9110, 7.6.1). */
    public static boolean hopByHop(String name) {
        return name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive")
                || name.equalsIgnoreCase("Proxy-Connection") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("TE") || name.equalsIgnoreCase("Trailer") || name.equalsIgnoreCase("Upgrade")
                || name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Expect");
    }
}
