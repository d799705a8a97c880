package io.imdsagent.imds;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The agent's own TCP connection to IMDS or a container credential endpoint. The connection guard lets
 * exactly this class through, so the agent's requests are exempt by construction, not by looking at the
 * stack: they go out even when the application first asks for credentials from inside an XML callback.
 * Never through a proxy ({@link Proxy#NO_PROXY}, so neither {@code socksProxyHost} nor a
 * {@code ProxySelector} is asked).
 *
 * <p>Only {@link #open} names this class, and other classes hold what it returns as a plain {@code Socket}: the
 * agent may be wired while {@code java.net.Socket} itself is being loaded (the class that starts it), and
 * loading a subclass of it then would be circular. This class is first loaded when the first request is sent.
 */
public final class AgentSocket extends Socket {
    private AgentSocket() {
        super(Proxy.NO_PROXY);
    }

    /**
     * A connected socket to {@code destination} (resolved here when it is not), speaking TLS over it when
     * {@code tls}; connect and each read bounded by {@code timeoutMillis}.
     */
    static Socket open(InetSocketAddress destination, int timeoutMillis, boolean tls) throws IOException {
        AgentSocket plain = new AgentSocket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(destination.isUnresolved()
                    ? new InetSocketAddress(destination.getHostString(), destination.getPort()) : destination,
                    timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            if (!tls) {
                return plain;
            }
            return ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain,
                    destination.getHostString(), destination.getPort(), true);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}
