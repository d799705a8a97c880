package io.imdsagent.relay;

import io.imdsagent.imds.AgentSocket;
import io.imdsagent.policy.CallSite;
import io.imdsagent.policy.CallerFinder;
import io.imdsagent.policy.ConnectionRules;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.policy.XmlResolution;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * {@code Bridge.connectTarget}: decides every TCP connection Java code opens, on the address it actually
 * connects to. Anything that is not IMDS or a container credential endpoint goes where it was going after
 * one allocation-free check. The agent's own {@link AgentSocket} goes through. An XML processor's connection
 * is refused. Every other one is handed to the {@link ImdsRelay}, with the client and caller found now, on
 * the connecting thread.
 */
public final class ConnectionGuard {
    private final ConnectionRules rules;
    private final ImdsV1Gate gate;
    private final CallerFinder callers;
    private final ImdsRelay relay;

    public ConnectionGuard(ConnectionRules rules, ImdsV1Gate gate, CallerFinder callers, ImdsRelay relay) {
        this.rules = rules;
        this.gate = gate;
        this.callers = callers;
        this.relay = relay;
    }

    /**
     * @param connector the socket, channel or Netty socket about to connect
     * @param path which hooked path connects ({@code socket}, {@code socket-channel}, {@code async-socket-channel},
     *     {@code netty-native})
     * @return {@code target}, or the relay's loopback address to connect to instead
     * @throws IOException beginning {@code imds-agent:} when the connection is refused
     */
    public SocketAddress connectTarget(Object connector, SocketAddress target, String path) throws IOException {
        ConnectionRules.Destination destination = rules.classify(target);
        if (destination == null || connector instanceof AgentSocket) {
            return target;
        }
        InetSocketAddress inet = (InetSocketAddress) target;
        StackTraceElement[] stack = new Throwable().getStackTrace();
        String client = ClientNames.of(stack, path);
        CallSite site = findCaller();
        if (XmlResolution.inProgress(stack)) {
            throw gate.refuseXmlConnection(client, inet.getAddress().getHostAddress(), inet.getPort(), site);
        }
        return relay.open(new RelayedConnection.Target(destination, inet, client, site));
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
