package io.imdsagent.policy;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a request's host and port are IMDS: {@code 169.254.169.254} and {@code fd00:ec2::254} in every
 * spelling that a resolver turns into them, and the host and port of the {@code endpoint} option.
 *
 * <p>The JDK reads one to four parts, each in decimal even with a leading zero ({@code 0169.254.43518} and
 * {@code 02852039166} are IMDS to it), and hands anything else to the system resolver, whose
 * {@code inet_aton} reads a leading {@code 0} as octal and {@code 0x} as hex ({@code 0xA9FEA9FE},
 * {@code 0251.0376.0251.0376}); a host is IMDS here when either reading makes it so. No resolver is asked
 * (no DNS here): this is the request-level hooks' early look; what a connection really reaches is decided by
 * {@link ConnectionRules} on the resolved address.
 *
 * <p>Cheap first: a host that starts with a letter and has no colon is a name, decided by one comparison.
 */
public final class ImdsAddresses {
    static final long IMDS_IPV4 = 0xA9FEA9FEL;
    private static final byte[] IMDS_IPV6 = {
        (byte) 0xfd, 0x00, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54,
    };

    private static final long ECS_IPV4 = 0xA9FEAA02L;
    private static final long EKS_IPV4 = 0xA9FEAA17L;
    private static final byte[] EKS_IPV6 = {
        (byte) 0xfd, 0x00, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x23,
    };

    private final String endpointHost;
    private final int endpointPort;
    private final long endpointIpv4;
    private final byte[] endpointIpv6;

    /**
     * @param endpointHost host of the {@code endpoint} option; an IPv6 literal with or without brackets
     * @param endpointPort its port
     */
    public ImdsAddresses(String endpointHost, int endpointPort) {
        String host = unbracketed(endpointHost);
        this.endpointHost = host.toLowerCase(Locale.ROOT);
        this.endpointPort = endpointPort;
        this.endpointIpv4 = host.indexOf(':') < 0 ? ipv4(host) : -1;
        this.endpointIpv6 = host.indexOf(':') >= 0 ? ipv6(host) : null;
    }

    /**
     * @param scheme {@code http} or {@code https}; decides the port when {@code port} is -1
     * @param host as the client holds it: a name, an IPv4 spelling, an IPv6 literal with or without brackets
     * @param port -1 for the scheme's default
     */
    public boolean isImds(String scheme, String host, int port) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        char first = host.charAt(0);
        boolean literal = first == '[' || (first >= '0' && first <= '9') || host.indexOf(':') >= 0;
        if (!literal) {
            return endpointIpv4 < 0 && endpointIpv6 == null && port(scheme, port) == endpointPort
                    && host.equalsIgnoreCase(endpointHost);
        }
        String bare = unbracketed(host);
        if (bare.indexOf(':') >= 0) {
            byte[] address = ipv6(bare);
            if (address == null) {
                return false;
            }
            long mapped = mappedIpv4(address);
            if (mapped >= 0) {
                return mapped == IMDS_IPV4 || (mapped == endpointIpv4 && port(scheme, port) == endpointPort);
            }
            return Arrays.equals(address, IMDS_IPV6)
                    || (Arrays.equals(address, endpointIpv6) && port(scheme, port) == endpointPort);
        }
        return isImdsIpv4(ipv4(bare), scheme, port) || isImdsIpv4(resolverIpv4(bare), scheme, port);
    }

    /**
     * Whether a host name (a letter first, no colon) of {@code length} characters could be IMDS: only the endpoint's
     * own name could. Lets a caller that holds the name as bytes ({@link ProxiedRequestLine}) pass every other name
     * without making a string of it.
     */
    public boolean mayBeEndpointName(int length) {
        return endpointIpv4 < 0 && endpointIpv6 == null && length == endpointHost.length();
    }

    /**
     * Whether {@code host} is a container credential endpoint (ECS {@code 169.254.170.2}, EKS Pod Identity
     * {@code 169.254.170.23} and {@code fd00:ec2::23}) in any literal spelling, on any port. A name is not.
     */
    public static boolean isContainer(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String bare = unbracketed(host);
        if (bare.indexOf(':') >= 0) {
            byte[] address = ipv6(bare);
            return address != null && (Arrays.equals(address, EKS_IPV6) || isContainerIpv4(mappedIpv4(address)));
        }
        char first = bare.charAt(0);
        return first >= '0' && first <= '9' && (isContainerIpv4(ipv4(bare)) || isContainerIpv4(resolverIpv4(bare)));
    }

    private static boolean isContainerIpv4(long address) {
        return address == ECS_IPV4 || address == EKS_IPV4;
    }

    private boolean isImdsIpv4(long address, String scheme, int port) {
        return address >= 0
                && (address == IMDS_IPV4 || (address == endpointIpv4 && port(scheme, port) == endpointPort));
    }

    private static int port(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static String unbracketed(String host) {
        return host.length() > 1 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * An IPv4 literal as the JDK reads it: one to four decimal parts (a leading 0 changes nothing), the last
     * part filling the remaining bytes. -1 when {@code text} is not such a literal.
     */
    static long ipv4(String text) {
        return ipv4(text, false);
    }

    /** The same as the system resolver's {@code inet_aton} reads it: a part may also be octal (leading 0) or hex ({@code 0x}). */
    static long resolverIpv4(String text) {
        return ipv4(text, true);
    }

    /** One pass over the characters and no allocation: every request to a literal address comes here. */
    private static long ipv4(String text, boolean octalAndHex) {
        int length = text.length();
        long address = 0;
        int index = 0;
        for (int part = 0; part < 4; part++) {
            int radix = 10;
            if (octalAndHex && index + 1 < length && text.charAt(index) == '0' && text.charAt(index + 1) != '.') {
                boolean hex = text.charAt(index + 1) == 'x' || text.charAt(index + 1) == 'X';
                radix = hex ? 16 : 8;
                index += hex ? 2 : 1;
            }
            long value = 0;
            int digits = 0;
            for (; index < length && text.charAt(index) != '.'; index++, digits++) {
                int digit = Character.digit(text.charAt(index), radix);
                value = value * radix + digit;
                if (digit < 0 || value > 0xFFFFFFFFL) {
                    return -1;
                }
            }
            if (digits == 0) {
                return -1;
            }
            if (index == length) {
                // The last part fills the bytes that are left.
                int bits = 8 * (4 - part);
                return value > (1L << bits) - 1 ? -1 : (address << bits) | value;
            }
            if (value > 255) {
                return -1;
            }
            address = (address << 8) | value;
            index++;
        }
        return -1;
    }

    /** The 16 bytes of an IPv6 literal (a zone {@code %lo} is dropped, a dotted IPv4 tail read), or null. */
    static byte[] ipv6(String text) {
        int zone = text.indexOf('%');
        String address = zone < 0 ? text : text.substring(0, zone);
        int[] groups = new int[8];
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap < 0 ? address : address.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(address.substring(gap + 2));
        if (head == null || tail == null || head.length + tail.length > (gap < 0 ? 8 : 7)
                || (gap < 0 && head.length != 8)) {
            return null;
        }
        System.arraycopy(head, 0, groups, 0, head.length);
        System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        return bytes;
    }

    /** Hex groups separated by colons, the last one possibly a dotted IPv4 address (two groups); null if malformed. */
    private static int[] groups(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        String last = parts[parts.length - 1];
        boolean dottedTail = last.indexOf('.') >= 0;
        int[] groups = new int[parts.length + (dottedTail ? 1 : 0)];
        for (int i = 0; i < parts.length - (dottedTail ? 1 : 0); i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            groups[i] = value;
        }
        if (dottedTail) {
            // Only the plain dotted quad is allowed inside an IPv6 literal.
            if (!last.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                return null;
            }
            long ipv4 = ipv4(last.replaceAll("(^|\\.)0+(?=[0-9])", "$1"));
            if (ipv4 < 0) {
                return null;
            }
            groups[groups.length - 2] = (int) (ipv4 >> 16);
            groups[groups.length - 1] = (int) (ipv4 & 0xffff);
        }
        return groups;
    }

    /** The IPv4 address of an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}; the JDK uses IPv4 for it), else -1. */
    private static long mappedIpv4(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return -1;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return -1;
        }
        return ((address[12] & 0xffL) << 24) | ((address[13] & 0xffL) << 16) | ((address[14] & 0xffL) << 8)
                | (address[15] & 0xffL);
    }
}
