package io.imdsagent.relay;

import io.imdsagent.policy.CallSite;
import io.imdsagent.policy.CallerFinder;
import io.imdsagent.policy.ConnectionRules;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.policy.XmlResolution;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * {@code Bridge.connectTarget} for a TCP connection Java code opens to IMDS or a container credential endpoint,
 * on the address it actually connects to (the handler's {@link ConnectionRules} lets every other one, and the
 * agent's own {@code AgentSocket}, go where it was going, and builds this guard only for such a connection). An
 * XML processor's connection is refused. Every other one is handed to the {@link ImdsRelay}, with the client and
 * caller found now, on the connecting thread.
 */
public final class ConnectionGuard {
    private final ImdsV1Gate gate;
    private final CallerFinder callers;
    private final ImdsRelay relay;

    public ConnectionGuard(ImdsV1Gate gate, CallerFinder callers, ImdsRelay relay) {
        this.gate = gate;
        this.callers = callers;
        this.relay = relay;
    }

    /**
     * @param target the address connected to, which {@code ConnectionRules} classified as {@code destination}
     * @param path which hooked path connects ({@code socket}, {@code socket-channel}, {@code async-socket-channel},
     *     {@code netty-native})
     * @return the relay's loopback address to connect to instead
     * @throws IOException beginning {@code imds-agent:} when the connection is refused
     */
    public SocketAddress connectTarget(InetSocketAddress target, ConnectionRules.Destination destination, String path)
            throws IOException {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        String client = ClientNames.of(stack, path);
        CallSite site = findCaller();
        if (XmlResolution.inProgress(stack)) {
            throw gate.refuseXmlConnection(client, target.getAddress().getHostAddress(), target.getPort(), site);
        }
        return relay.open(new RelayedConnection.Target(destination, target, client, site));
    }

    /** The call site, or none when finding it fails: the connection is decided all the same. */
    private CallSite findCaller() {
        try {
            return callers.find();
        } catch (RuntimeException | Error unusualJvm) {
            return CallSite.UNKNOWN;
        }
    }
}
