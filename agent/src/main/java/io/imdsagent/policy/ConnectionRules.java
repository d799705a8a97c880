package io.imdsagent.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What a TCP connection the JVM is about to open leads to, decided on the address it actually connects to
 * (after DNS, redirects and whatever spelling the application used): IMDS ({@code 169.254.169.254:80},
 * {@code [fd00:ec2::254]:80}, the host and port of the {@code endpoint} option), a container credential
 * endpoint (ECS {@code 169.254.170.2:80}, EKS Pod Identity {@code 169.254.170.23:80} and
 * {@code [fd00:ec2::23]:80}), or anything else.
 *
 * <p>Every connection of the JVM comes here, so anything else must cost next to nothing: two int
 * comparisons for a port that is neither 80 nor the endpoint's, otherwise the IPv4 address read as an int
 * ({@code Inet4Address.hashCode()} is the address and allocates nothing, where {@code getAddress()} clones).
 * An IPv6 address is first compared by hash code, then byte for byte. An unresolved address is left alone:
 * the JDK fails it on its own. A host-name endpoint is matched by the name the connection was made with.
 */
public final class ConnectionRules {
    /** Where a connection leads, when it is guarded. */
    public enum Destination {
        /** Instance metadata: IMDSv1 modes and SSRF rules. */
        IMDS,
        /** A container credential endpoint: SSRF rules only. */
        CONTAINER
    }

    private static final int HTTP = 80;
    private static final int IMDS_IPV4 = 0xA9FEA9FE;
    private static final int ECS_IPV4 = 0xA9FEAA02;
    private static final int EKS_IPV4 = 0xA9FEAA17;
    private static final byte[] IMDS_IPV6 = ipv6Bytes(0x0254);
    private static final byte[] EKS_IPV6 = ipv6Bytes(0x0023);

    private final int endpointPort;
    private final boolean endpointIsIpv4;
    private final int endpointIpv4;
    private final byte[] endpointIpv6;
    private final String endpointName;
    private final int[] ipv6Hashes;
    private final byte[][] ipv6Addresses;
    private final Destination[] ipv6Destinations;
    private final int[] ipv6Ports;

    /**
     * @param endpointHost host of the {@code endpoint} option: an IPv4 literal, an IPv6 literal with or without
     *     brackets, or a name
     * @param endpointPort its port
     */
    public ConnectionRules(String endpointHost, int endpointPort) {
        String host = endpointHost.startsWith("[") ? endpointHost.substring(1, endpointHost.length() - 1)
                : endpointHost;
        this.endpointPort = endpointPort;
        long ipv4 = host.indexOf(':') < 0 ? ImdsAddresses.ipv4(host) : -1;
        this.endpointIsIpv4 = ipv4 >= 0;
        this.endpointIpv4 = (int) ipv4;
        this.endpointIpv6 = host.indexOf(':') >= 0 ? ImdsAddresses.ipv6(host) : null;
        this.endpointName = ipv4 < 0 && endpointIpv6 == null ? host : null;
        byte[][] addresses = {IMDS_IPV6, EKS_IPV6, mapped(IMDS_IPV4), mapped(ECS_IPV4), mapped(EKS_IPV4),
            endpointIpv6 != null ? endpointIpv6 : IMDS_IPV6, endpointIsIpv4 ? mapped(endpointIpv4) : IMDS_IPV6};
        this.ipv6Addresses = addresses;
        this.ipv6Destinations = new Destination[] {Destination.IMDS, Destination.CONTAINER, Destination.IMDS,
            Destination.CONTAINER, Destination.CONTAINER, Destination.IMDS, Destination.IMDS};
        this.ipv6Ports = new int[] {HTTP, HTTP, HTTP, HTTP, HTTP, endpointPort, endpointPort};
        this.ipv6Hashes = new int[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            ipv6Hashes[i] = ipv6HashCode(addresses[i]);
        }
    }

    /** Where a connection to {@code target} leads; null for anything that is not guarded. Allocates nothing. */
    public Destination classify(SocketAddress target) {
        if (!(target instanceof InetSocketAddress)) {
            return null;
        }
        InetSocketAddress inet = (InetSocketAddress) target;
        int port = inet.getPort();
        if (port != HTTP && port != endpointPort) {
            return null;
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet4Address) {
            int ipv4 = address.hashCode();
            if (port == HTTP) {
                if (ipv4 == IMDS_IPV4) {
                    return Destination.IMDS;
                }
                if (ipv4 == ECS_IPV4 || ipv4 == EKS_IPV4) {
                    return Destination.CONTAINER;
                }
            }
            return port == endpointPort && endpointIsIpv4 && ipv4 == endpointIpv4 ? Destination.IMDS
                    : byName(inet, port);
        }
        if (address instanceof Inet6Address) {
            int hash = address.hashCode();
            for (int i = 0; i < ipv6Hashes.length; i++) {
                if (hash == ipv6Hashes[i] && port == ipv6Ports[i] && Arrays.equals(address.getAddress(), ipv6Addresses[i])) {
                    return ipv6Destinations[i];
                }
            }
            return byName(inet, port);
        }
        return null;
    }

    private Destination byName(InetSocketAddress inet, int port) {
        return endpointName != null && port == endpointPort && endpointName.equalsIgnoreCase(inet.getHostString())
                ? Destination.IMDS : null;
    }

    private static byte[] ipv6Bytes(int last) {
        byte[] bytes = {(byte) 0xfd, 0x00, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        bytes[14] = (byte) (last >> 8);
        bytes[15] = (byte) last;
        return bytes;
    }

    /** {@code ::ffff:a.b.c.d}: an {@code Inet6Address} can hold one, and the kernel connects it over IPv4. */
    private static byte[] mapped(int ipv4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) (ipv4 >>> 24);
        bytes[13] = (byte) (ipv4 >>> 16);
        bytes[14] = (byte) (ipv4 >>> 8);
        bytes[15] = (byte) ipv4;
        return bytes;
    }

    /** The JDK's own hash code of an {@code Inet6Address} holding these bytes, whatever its version computes. */
    private static int ipv6HashCode(byte[] bytes) {
        try {
            return Inet6Address.getByAddress(null, bytes, -1).hashCode();
        } catch (UnknownHostException impossibleFor16Bytes) {
            throw new IllegalStateException(impossibleFor16Bytes);
        }
    }
}
