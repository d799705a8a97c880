package io.imdsagent.bootstrap;

/**
 * The one class that instrumented code calls. It is appended to the bootstrap class path before any
 * class is transformed, so code woven into classes of any class loader resolves the same copy.
 * It knows only {@code java.*} types: the agent registers a {@link Handler} and the bridge forwards.
 *
 * <p>Every entry point is safe to call before the agent is ready (it answers "do nothing") and never
 * lets a failure of the agent escape into the host application.
 */
public final class Bridge {

    private static volatile Handler handler;

    private Bridge() {
    }

    /**
     * Registers the agent. The first registration wins; a second one (the agent attached twice to the
     * same JVM) is refused so that the JVM keeps exactly one credential cache.
     *
     * @return whether this handler is now the JVM's handler
     */
    public static synchronized boolean install(Handler newHandler) {
        if (handler != null) {
            return false;
        }
        handler = newHandler;
        return true;
    }

    public static boolean installed() {
        return handler != null;
    }

    /**
     * What a rewritten method does with a non-null answer of the bridge: returns it, or throws it when it is the
     * SDK's or the HTTP client's own exception. Called by the woven code only.
     */
    public static Object returnOrThrow(Object answer) throws java.io.IOException {
        if (answer instanceof RuntimeException) {
            throw (RuntimeException) answer;
        }
        if (answer instanceof java.io.IOException) {
            throw (java.io.IOException) answer;
        }
        return answer;
    }

    /**
     * Answers an AWS SDK instance-profile credentials provider.
     *
     * @param provider the SDK provider (v1 or v2, possibly relocated inside another distribution), or the
     *     fetcher or endpoint object that stands for one (SDK v1's refresh threads call the fetcher directly)
     * @return the SDK's own credentials object; or a {@link RuntimeException} of the SDK's own type
     *     for the rewritten method to throw; or {@code null} to let the SDK run its own code
     */
    public static Object instanceProfileCredentials(Object provider) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.instanceProfileCredentials(provider);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Answers an AWS SDK v2 default credentials chain before it builds its providers, where it would get its
     * credentials from its instance-profile provider.
     *
     * @param chain the SDK v2 {@code DefaultCredentialsProvider}, possibly relocated
     * @return the SDK's own credentials object, or {@code null} to let the chain run
     */
    public static Object defaultChainCredentials(Object chain) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.defaultChainCredentials(chain);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Closes an AWS SDK v2 default credentials chain that the agent has answered and the SDK never built.
     *
     * @param chain the SDK v2 {@code DefaultCredentialsProvider}, possibly relocated
     * @return non-null to skip the SDK's {@code close()}, which would build the chain to close it; {@code null} to
     *     let it run
     */
    public static Object defaultChainClose(Object chain) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.defaultChainClose(chain);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Answers the private {@code refreshCredentials()} of an AWS SDK v2 instance-profile provider, which
     * the SDK's own cache calls (a background prefetch started before a dynamic attach calls it directly).
     *
     * @param provider the SDK v2 provider
     * @return the SDK's {@code RefreshResult} holding the credentials; or a {@link RuntimeException} of the
     *     SDK's own type for the rewritten method to throw; or {@code null} to let the SDK run its own code
     */
    public static Object instanceProfileRefreshResult(Object provider) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.instanceProfileRefreshResult(provider);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Guards {@code sts:AssumeRole} of an AWS SDK STS client before any request is built.
     *
     * @param client the SDK v1 or v2 STS client, sync or async
     * @param request its {@code AssumeRoleRequest}
     * @return {@code null} to let the call go on; or what the client's method returns instead (the SDK's
     *     AssumeRole result, or for an async client a future); or a {@link RuntimeException} of the SDK's own
     *     type for the rewritten method to throw
     */
    public static Object assumeRole(Object client, Object request) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.assumeRole(client, request);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Answers the JDK's {@code http:} handler asked for a connection (by {@code URL.openConnection} or
     * {@code URL.openStream}). Cheap for anything that is not IMDS.
     *
     * @param proxy the proxy the application asked for, or null for the JVM's proxy selector
     * @return {@code null} to let the handler open it as asked; or, for a request to IMDS, a connection that
     *     never goes through a proxy and decides when it is sent whether it passes, is served over IMDSv2, or
     *     fails (for a container endpoint, one opened without the proxy)
     */
    public static java.net.URLConnection imdsConnection(java.net.URL url, java.net.Proxy proxy) {
        Handler current = handler;
        if (current == null || url == null) {
            return null;
        }
        try {
            return current.imdsConnection(url, proxy);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Checks a request an HTTP client library is about to send. Cheap for anything that is not IMDS.
     *
     * @param client which library asks ({@code okhttp}, {@code apache4}, {@code apache5}, {@code jdk})
     * @param request the library's request or call object
     * @param context what else the library's method holds that the agent needs (target host, body handler), or null
     * @return {@code null} to send the request; or what the library's method returns instead (its response,
     *     or a future of it); or an {@link java.io.IOException} for the rewritten method to throw
     */
    public static Object httpRequest(String client, Object request, Object context) {
        Handler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.httpRequest(client, request, context);
        } catch (Throwable agentFailure) {
            return null;
        }
    }

    /**
     * Tells the agent that {@code java.lang.management.ManagementFactory.getPlatformMBeanServer()} is returning
     * {@code server}, so the platform MBean server exists now (the agent never makes it itself).
     *
     * @param server the platform {@code javax.management.MBeanServer}
     */
    public static void platformMBeanServer(Object server) {
        Handler current = handler;
        if (current == null) {
            return;
        }
        try {
            current.platformMBeanServer(server);
        } catch (Throwable agentFailure) {
            // The application asked for its MBean server; it gets it whatever became of the agent's MBean.
        }
    }

    /**
     * Decides a TCP connection the JVM is about to open, on the address it actually connects to. Anything that
     * is not IMDS or a container credential endpoint costs one allocation-free address check.
     *
     * @param connector the {@code Socket}, {@code SocketChannel} or Netty socket about to connect
     * @param target the address it was asked to connect to
     * @param client which path connects ({@code socket}, {@code socket-channel}, {@code netty-epoll}...), for events
     * @return the address to connect to instead: {@code target} itself, or the agent's relay on loopback
     * @throws java.io.IOException beginning {@code imds-agent:} when the connection is refused; also when the agent
     *     fails deciding (fail closed: a guard that fails must not let the connection pass)
     */
    public static java.net.SocketAddress connectTarget(Object connector, java.net.SocketAddress target, String client)
            throws java.io.IOException {
        Handler current = handler;
        if (current == null) {
            return target;
        }
        try {
            return current.connectTarget(connector, target, client);
        } catch (java.io.IOException refusal) {
            throw refusal;
        } catch (Throwable agentFailure) {
            throw new java.io.IOException("imds-agent: refused a connection to " + target + " because the agent failed"
                    + " deciding on it (" + agentFailure + "); please report this as an imds-agent bug", agentFailure);
        }
    }

    /**
     * Checks the proxy an HTTP client library has chosen for a request, where the library chooses it: a request to
     * IMDS or a container credential endpoint goes direct instead (then the connection guard and the request hooks
     * decide it as any direct request). Cheap when {@code chosen} is no proxy.
     *
     * @param client which library's advice asks ({@code apache4}, {@code apache5}, {@code jdk}, {@code okhttp},
     *     {@code jetty}, {@code vertx})
     * @param target what names the request's target in that library (its request, URL, origin or address; for
     *     Apache the target host, the route naming it better)
     * @param chosen what the library chose: its proxy, or for Apache its route; null for none
     * @return what the library is to use: {@code chosen} itself, or its "no proxy" (null, {@code Proxy.NO_PROXY},
     *     a direct route); {@code chosen} whenever the agent fails deciding
     */
    public static Object proxyChoice(String client, Object target, Object chosen) {
        Handler current = handler;
        if (current == null) {
            return chosen;
        }
        try {
            return current.proxyChoice(client, target, chosen);
        } catch (Throwable agentFailure) {
            return chosen;
        }
    }

    /**
     * As {@link #proxyChoice} for a library that answers whether to use its proxy ({@code reactor-netty}).
     *
     * @return whether the library is to use its proxy for {@code target}; {@code proxied} whenever the agent fails
     */
    public static boolean proxies(String client, Object target, boolean proxied) {
        Handler current = handler;
        if (current == null || !proxied) {
            return proxied;
        }
        try {
            return current.proxyChoice(client, target, Boolean.TRUE) == Boolean.TRUE;
        } catch (Throwable agentFailure) {
            return proxied;
        }
    }

    /**
     * Checks the bytes a TCP connection is about to write ({@code java.net.Socket}'s stream, a {@code SocketChannel}'s
     * socket adaptor): a request line that asks an HTTP proxy for IMDS or a container credential endpoint is refused,
     * since IMDS is never reached through a proxy. Anything else costs a look at its first bytes.
     *
     * @param writer the socket implementation, stream or channel that writes
     * @param path which hooked path writes ({@code socket}, {@code socket-channel}), for events
     * @return {@code bytes} itself
     * @throws java.io.IOException beginning {@code imds-agent:} when the write is refused; nothing is written
     */
    public static byte[] outgoingBytes(Object writer, byte[] bytes, int offset, int length, String path)
            throws java.io.IOException {
        checkOutgoing(writer, bytes, offset, length, path);
        return bytes;
    }

    /**
     * As {@link #outgoingBytes} for a gathering write ({@code SocketChannel.write(ByteBuffer[], int, int)}).
     *
     * @return {@code buffers} itself
     */
    public static java.nio.ByteBuffer[] outgoingBuffers(Object writer, java.nio.ByteBuffer[] buffers, int offset,
                                                       int length, String path) throws java.io.IOException {
        checkOutgoing(writer, buffers, offset, length, path);
        return buffers;
    }

    /**
     * As {@link #outgoingBytes} for one message: a {@code ByteBuffer} a {@code SocketChannel} writes, or what a Netty
     * channel is asked to write ({@code filterOutboundMessage}; Netty releases a message it fails to write).
     *
     * @return {@code message} itself
     */
    public static Object outgoingMessage(Object writer, Object message, String path) throws java.io.IOException {
        checkOutgoing(writer, message, 0, -1, path);
        return message;
    }

    /**
     * The handler refuses a request line it has recognised with an {@code IOException} whatever fails after that; any
     * other failure means it could not even read the bytes, and the write goes on as it would have.
     */
    private static void checkOutgoing(Object writer, Object bytes, int offset, int length, String path)
            throws java.io.IOException {
        Handler current = handler;
        if (current == null || bytes == null) {
            return;
        }
        try {
            current.checkOutgoing(writer, bytes, offset, length, path);
        } catch (java.io.IOException refusal) {
            throw refusal;
        } catch (Throwable unreadable) {
            // the write goes on: the agent failed before it knew what the bytes are
        }
    }

    /** What the agent implements; methods are called only through the bridge's static entry points. */
    public abstract static class Handler {
        protected abstract Object instanceProfileCredentials(Object provider);

        protected abstract Object instanceProfileRefreshResult(Object provider);

        /** A handler that does not answer default chains lets each run. */
        protected Object defaultChainCredentials(Object chain) {
            return null;
        }

        /** A handler that does not answer default chains lets each close. */
        protected Object defaultChainClose(Object chain) {
            return null;
        }

        /** A handler that does not guard IMDSv1 calls lets the JDK open every connection. */
        protected java.net.URLConnection imdsConnection(java.net.URL url, java.net.Proxy proxy) {
            return null;
        }

        /** A handler that does not guard IMDSv1 calls lets every request go. */
        protected Object httpRequest(String client, Object request, Object context) {
            return null;
        }

        /** A handler without metrics registers nothing. */
        protected void platformMBeanServer(Object server) {
        }

        /** A handler that does not guard connections lets every one go where it was going. */
        protected java.net.SocketAddress connectTarget(Object connector, java.net.SocketAddress target, String client)
                throws java.io.IOException {
            return target;
        }

        /** A handler that does not guard proxies lets every client use the proxy it chose. */
        protected Object proxyChoice(String client, Object target, Object chosen) {
            return chosen;
        }

        /**
         * A handler that does not guard writes lets every one go.
         *
         * @param bytes a {@code byte[]} (with {@code offset} and {@code length}), a {@code ByteBuffer}, a
         *     {@code ByteBuffer[]} (with {@code offset} and {@code length}) or a Netty message
         */
        protected void checkOutgoing(Object writer, Object bytes, int offset, int length, String path)
                throws java.io.IOException {
        }

        /** A handler that does not guard STS lets every call go on. */
        protected Object assumeRole(Object client, Object request) {
            return null;
        }
    }
}
