package io.imdsagent.adapters;

import io.imdsagent.events.AgentLog;
import io.imdsagent.policy.ImdsV1Gate;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's HTTP clients as the bridge hands their requests over: finds out cheaply whether a
 * request goes to IMDS, describes it to the {@link ImdsV1Gate}, and carries out the gate's decision through
 * each client's own API. The client libraries are reached by reflection only: the agent does not depend on them.
 */
public final class ImdsClients {
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

    private final ImdsV1Gate gate;
    private final AgentLog log;
    private final JdkHttpClientRequests jdkHttpClient;
    private final OkHttpCalls okHttp;
    private final ApacheHttpRequests apache;
    private final ClientProxies proxies;
    // set while the agent has the JDK open a connection to IMDS, which comes back through connection()
    private static final ThreadLocal<Boolean> OPENING = new ThreadLocal<Boolean>();
    // said once per client, not once per request
    private final Set<String> unreadableClients = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());

    public ImdsClients(ImdsV1Gate gate, AgentLog log) {
        this.gate = gate;
        this.log = log;
        this.jdkHttpClient = new JdkHttpClientRequests(gate);
        this.okHttp = new OkHttpCalls(gate);
        this.apache = new ApacheHttpRequests(gate);
        this.proxies = new ClientProxies(gate);
    }

    /**
     * {@code Bridge.imdsConnection}, as the JDK's {@code http:} handler is asked for a connection: null for every
     * one that is not to IMDS or a container credential endpoint, so the JDK opens it. One to IMDS is opened here,
     * by the JDK as asked, and handed out wrapped; one to either that would go through a proxy is opened without
     * one, since a proxy must never see their answers. The opening here comes back through the handler, which then
     * opens it itself.
     */
    public URLConnection connection(URL url, Proxy proxy) {
        boolean imds = gate.isImds(url.getProtocol(), url.getHost(), url.getPort());
        if (!imds && !gate.isContainer(url.getHost()) || OPENING.get() != null) {
            return null;
        }
        boolean proxied = goesThroughProxy(url, proxy);
        if (!imds && !proxied) {
            return null;
        }
        URLConnection opened;
        try {
            opened = openedByTheJdk(url, proxied ? Proxy.NO_PROXY : proxy);
        } catch (IOException cannotHappenForHttp) {
            // Opening an http: connection does not touch the network; should it fail, the JDK opens it as asked.
            log.warn("could not open " + url + (proxied ? " without a proxy" : ""), cannotHappenForHttp);
            return null;
        }
        if (proxied) {
            gate.proxyBypassed("HttpURLConnection", url.getHost(), url.toString());
        }
        return imds && opened instanceof HttpURLConnection
                ? new GuardedHttpUrlConnection((HttpURLConnection) opened, gate) : opened;
    }

    private static URLConnection openedByTheJdk(URL url, Proxy proxy) throws IOException {
        OPENING.set(Boolean.TRUE);
        try {
            return proxy == null ? url.openConnection() : url.openConnection(proxy);
        } finally {
            OPENING.remove();
        }
    }

    private static boolean goesThroughProxy(URL url, Proxy proxy) {
        if (proxy != null) {
            return proxy.type() != Proxy.Type.DIRECT;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return false;
        }
        try {
            for (Proxy chosen : selector.select(url.toURI())) {
                if (chosen.type() != Proxy.Type.DIRECT) {
                    return true;
                }
            }
        } catch (URISyntaxException | RuntimeException unusualUrl) {
            // The JDK would not know where to send it either; it fails on its own.
        }
        return false;
    }

    /** {@code Bridge.proxyChoice}: what the library is to use instead of {@code chosen}; see {@link ClientProxies}. */
    public Object proxyChoice(String client, Object target, Object chosen) {
        try {
            return proxies.choice(client, target, chosen);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (unreadableClients.add(client + " proxy")) {
                log.warn("could not read a " + client + " proxy choice; its requests keep the proxy it chose", e);
            }
            return chosen;
        }
    }

    /** {@code Bridge.httpRequest}: null to send; the client's response (or future); or an IOException to throw. */
    public Object request(String client, Object request, Object context) {
        try {
            if (client.equals("jdk")) {
                return jdkHttpClient.answer(request, context);
            }
            if (client.equals("okhttp")) {
                return okHttp.answer(request);
            }
            if (client.equals("apache4") || client.equals("apache5")) {
                return apache.answer(client.equals("apache5"), context, request);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // This client version differs from the ones the agent knows: it sends its requests itself, and the
            // connection guard decides them when they connect.
            if (unreadableClients.add(client)) {
                log.warn("could not read a " + client + " request; its requests are sent as they are", e);
            }
        }
        return null;
    }
}
