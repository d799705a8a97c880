package io.imdsagent.policy;

import java.nio.ByteBuffer;

/**
 * Whether the first bytes of a write on a TCP connection begin an HTTP request line addressed to a proxy whose
 * target is IMDS or a container credential endpoint: the absolute form ({@code GET http://169.254.169.254/... HTTP/1.1},
 * or {@code https://}) and the authority form ({@code CONNECT 169.254.169.254:80 HTTP/1.1}) that every client's
 * tunnelling sends, Netty's {@code HttpProxyHandler} among them. The connection guard sees only the proxy's
 * address; this sees where the proxy is asked to go. The host is recognised by {@link ImdsAddresses} (every literal
 * spelling, brackets, the endpoint's host and port). A name that only the proxy resolves ({@code instance-data}, an
 * attacker's DNS record) is out of reach: no name is resolved here, on the write path of every connection. Nor is a
 * request line split so that the first write does not hold the whole host and the character after it.
 *
 * <p>Every write of the JVM comes here, so anything else is decided within its first bytes and allocates nothing: a
 * first byte that is no ASCII capital (TLS records, binary protocols), a method not followed by {@code http://} or
 * {@code https://} unless it is {@code CONNECT} (origin-form requests, {@code GET / HTTP/1.1}), a host name that
 * cannot be the endpoint's. Only an absolute-form request to an IP literal makes a string of its host.
 */
public final class ProxiedRequestLine {
    /** Reads a buffer by absolute index without moving it: for a buffer type the JDK does not know (Netty's). */
    public abstract static class Bytes {
        /** The byte at {@code index}, 0 to 255. */
        protected abstract int at(Object buffer, int index);
    }

    private static final Bytes ARRAY = new Bytes() {
        @Override
        protected int at(Object buffer, int index) {
            return ((byte[]) buffer)[index] & 0xff;
        }
    };

    private static final Bytes BUFFER = new Bytes() {
        @Override
        protected int at(Object buffer, int index) {
            return ((ByteBuffer) buffer).get(index) & 0xff;
        }
    };

    // PROPFIND, MKCOL, OPTIONS...: methods are short; a longer run of capitals is not a request line
    private static final int LONGEST_METHOD = 20;
    // user info, a 253-character name and a port; a longer authority is not looked at
    private static final int LONGEST_AUTHORITY = 400;
    // what an event shows of the path
    private static final int LONGEST_PATH = 200;
    private static final String CONNECT = "CONNECT";

    private final ImdsAddresses addresses;

    public ProxiedRequestLine(ImdsAddresses addresses) {
        this.addresses = addresses;
    }

    /**
     * @param client names the request's client, for events
     * @return the request when {@code bytes[offset, offset + length)} begin a request line to IMDS or a container
     *     credential endpoint through a proxy, else null (also for an offset and length that do not fit the array:
     *     the write fails on its own)
     */
    public ImdsRequest find(String client, byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            return null;
        }
        return find(client, bytes, offset, length, ARRAY);
    }

    /** As {@link #find(String, byte[], int, int)}, for the remaining bytes of {@code buffer}; its position stays. */
    public ImdsRequest find(String client, ByteBuffer buffer) {
        return find(client, buffer, buffer.position(), buffer.remaining(), BUFFER);
    }

    /** As {@link #find(String, byte[], int, int)}, for {@code length} bytes of {@code buffer} from {@code start}. */
    public ImdsRequest find(String client, Object buffer, int start, int length, Bytes bytes) {
        int end = length > Integer.MAX_VALUE - start ? Integer.MAX_VALUE : start + length;
        int at = start;
        // A server ignores empty lines before a request line (RFC 9112, 2.2), so a proxy may too.
        while (at < end && (bytes.at(buffer, at) == '\r' || bytes.at(buffer, at) == '\n')) {
            at++;
        }
        int method = at;
        while (at < end && at - method <= LONGEST_METHOD && isCapital(bytes.at(buffer, at))) {
            at++;
        }
        if (at == method || at >= end || bytes.at(buffer, at) != ' ') {
            return null;
        }
        int methodEnd = at;
        // one space, or more where a lenient proxy reads them as one (RFC 9112, 3)
        while (at < end && (bytes.at(buffer, at) == ' ' || bytes.at(buffer, at) == '\t')) {
            at++;
        }
        boolean connect = equalsAscii(CONNECT, buffer, method, methodEnd, bytes);
        String scheme = connect ? "https" : null;
        if (!connect) {
            if (startsWithAscii("http://", buffer, at, end, bytes)) {
                scheme = "http";
            } else if (startsWithAscii("https://", buffer, at, end, bytes)) {
                scheme = "https";
            } else {
                return null;
            }
            at += scheme.length() + 3;
        }
        int host = at;
        int limit = end - at > LONGEST_AUTHORITY ? at + LONGEST_AUTHORITY : end;
        int colons = 0;
        int lastColon = -1;
        while (at < limit && !endsAuthority(bytes.at(buffer, at))) {
            int c = bytes.at(buffer, at);
            if (c == '@') {
                // user info: the host follows it
                host = at + 1;
                colons = 0;
                lastColon = -1;
            } else if (c == ':') {
                colons++;
                lastColon = at;
            }
            at++;
        }
        if (at == limit) {
            // the host is not all in this write, or is no host at all
            return null;
        }
        int authorityEnd = at;
        int hostEnd = authorityEnd;
        int port = -1;
        boolean bracketed = host < authorityEnd && bytes.at(buffer, host) == '[';
        if (bracketed) {
            int bracket = host;
            while (bracket < authorityEnd && bytes.at(buffer, bracket) != ']') {
                bracket++;
            }
            hostEnd = Math.min(bracket + 1, authorityEnd);
            if (hostEnd < authorityEnd) {
                port = port(buffer, hostEnd, authorityEnd, bytes);
            }
        } else if (colons == 1) {
            hostEnd = lastColon;
            port = port(buffer, lastColon, authorityEnd, bytes);
        }
        if (hostEnd == host || port == -2) {
            return null;
        }
        if (!bracketed && colons <= 1 && isLetter(bytes.at(buffer, host))
                && !addresses.mayBeEndpointName(hostEnd - host)) {
            return null;
        }
        String hostText = ascii(buffer, host, hostEnd, bytes);
        if (!isGuarded(scheme, hostText, port)) {
            if (bracketed || colons < 2) {
                return null;
            }
            // an IPv6 address without brackets: a proxy may read its last group as the port
            hostText = ascii(buffer, host, lastColon, bytes);
            port = port(buffer, lastColon, authorityEnd, bytes);
            if (port == -2 || !isGuarded(scheme, hostText, port)) {
                return null;
            }
        }
        String path = connect ? "/" : ascii(buffer, authorityEnd, pathEnd(buffer, authorityEnd, end, bytes), bytes);
        return new ImdsRequest(client, ascii(buffer, method, methodEnd, bytes), connect ? "http" : scheme, hostText,
                port, path, false);
    }

    private boolean isGuarded(String scheme, String host, int port) {
        return ImdsAddresses.isContainer(host) || addresses.isImds(scheme, host, port);
    }

    /**
     * The port after the colon at {@code colon}: -1 when it names none ({@code host:}), -2 when it is no port (a
     * proxy refuses such a request itself).
     */
    private static int port(Object buffer, int colon, int end, Bytes bytes) {
        if (bytes.at(buffer, colon) != ':' || end - colon > 6) {
            return -2;
        }
        int port = -1;
        for (int at = colon + 1; at < end; at++) {
            int digit = bytes.at(buffer, at) - '0';
            if (digit < 0 || digit > 9) {
                return -2;
            }
            port = (port < 0 ? 0 : port * 10) + digit;
        }
        return port > 65535 ? -2 : port;
    }

    private static int pathEnd(Object buffer, int start, int end, Bytes bytes) {
        int at = start;
        int limit = end - start > LONGEST_PATH ? start + LONGEST_PATH : end;
        while (at < limit && bytes.at(buffer, at) > ' ' && bytes.at(buffer, at) < 0x7f) {
            at++;
        }
        return at;
    }

    private static boolean endsAuthority(int c) {
        return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\r' || c == '\n' || c == '\t';
    }

    private static boolean isCapital(int c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLetter(int c) {
        return isCapital(c) || (c >= 'a' && c <= 'z');
    }

    private static boolean equalsAscii(String text, Object buffer, int start, int end, Bytes bytes) {
        return end - start == text.length() && startsWithAscii(text, buffer, start, end, bytes);
    }

    /** Whether the bytes from {@code start} begin with {@code text}, its letters in either case. */
    private static boolean startsWithAscii(String text, Object buffer, int start, int end, Bytes bytes) {
        if (end - start < text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            int c = bytes.at(buffer, start + i);
            int wanted = text.charAt(i);
            if (c != wanted && !(isLetter(wanted) && (c | 0x20) == (wanted | 0x20))) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(Object buffer, int start, int end, Bytes bytes) {
        char[] chars = new char[end - start];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) bytes.at(buffer, start + i);
        }
        return new String(chars);
    }
}
