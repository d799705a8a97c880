package io.imdsagent.handler;

import io.imdsagent.bootstrap.Bridge;
import java.io.IOException;
import java.net.Proxy;
import java.net.SocketAddress;
import java.net.URL;
import java.net.URLConnection;

/**
 * The bridge's handler from activation on: it builds the agent's {@link AgentHandler} (the IMDS core, its cache,
 * events, the guards) at the first call through the bridge, and forwards every call to it. Activation runs while
 * the first class the agent rewrites is being loaded; when that class is one the agent's own machinery needs
 * (the connection guard rewrites {@code java.net.Socket}, which the agent's IMDS transport uses), building that
 * machinery then would ask the JVM for a class it is still loading. At the first call the class is in place.
 */
public final class FirstCallHandler extends Bridge.Handler {

    private final OnFirstUse<AgentHandler> handler;

    /** @param handler builds the agent's handler, once */
    public FirstCallHandler(OnFirstUse<AgentHandler> handler) {
        this.handler = handler;
    }

    private AgentHandler handler() {
        return handler.get();
    }

    @Override
    protected Object instanceProfileCredentials(Object provider) {
        return handler().instanceProfileCredentials(provider);
    }

    @Override
    protected Object defaultChainCredentials(Object chain) {
        return handler().defaultChainCredentials(chain);
    }

    @Override
    protected Object defaultChainClose(Object chain) {
        return handler().defaultChainClose(chain);
    }

    @Override
    protected Object instanceProfileRefreshResult(Object provider) {
        return handler().instanceProfileRefreshResult(provider);
    }

    @Override
    protected URLConnection imdsConnection(URL url, Proxy proxy) {
        return handler().imdsConnection(url, proxy);
    }

    @Override
    protected Object httpRequest(String client, Object request, Object context) {
        return handler().httpRequest(client, request, context);
    }

    @Override
    protected void platformMBeanServer(Object server) {
        handler().platformMBeanServer(server);
    }

    @Override
    protected SocketAddress connectTarget(Object connector, SocketAddress target, String client) throws IOException {
        return handler().connectTarget(connector, target, client);
    }

    @Override
    protected void checkOutgoing(Object writer, Object bytes, int offset, int length, String path) throws IOException {
        handler().checkOutgoing(writer, bytes, offset, length, path);
    }

    @Override
    protected Object proxyChoice(String client, Object target, Object chosen) {
        return handler().proxyChoice(client, target, chosen);
    }

    @Override
    protected Object assumeRole(Object client, Object request) {
        return handler().assumeRole(client, request);
    }
}
