package io.imdsagent.imds;

import java.net.Proxy;
import java.net.Socket;

/**
 * The agent's own TCP connection to IMDS or a container credential endpoint. The connection guard lets
 * exactly this class through, so the agent's requests are exempt by construction, not by looking at the
 * stack: they go out even when the application first asks for credentials from inside an XML callback.
 * Never through a proxy ({@link Proxy#NO_PROXY}, so neither {@code socksProxyHost} nor a
 * {@code ProxySelector} is asked).
 */
public final class AgentSocket extends Socket {
    public AgentSocket() {
        super(Proxy.NO_PROXY);
    }
}
