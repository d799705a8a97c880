package io.imdsagent.relay;

import io.imdsagent.imds.HttpExchange;
import io.imdsagent.policy.ImdsV1Gate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-agent relay on loopback. Each guarded connection gets a listener of its own on an ephemeral
 * loopback port, bound to its destination and caller, which accepts exactly one connection (the
 * application's) and then serves it as a {@link RelayedConnection}. One listener per connection means no
 * table to look connections up in and no race between the connect and its registration. Started at the
 * first guarded connection; at most {@link #MAX_CONNECTIONS} at once on daemon threads, beyond which a
 * connection is refused.
 */
public final class ImdsRelay {
    static final int MAX_CONNECTIONS = 64;
    /** How long a listener waits for the application to complete its connect. */
    static final int ACCEPT_MILLIS = 30_000;

    private final ImdsV1Gate gate;
    private final HttpExchange upstream;
    private volatile ThreadPoolExecutor threads;

    /** @param timeoutMillis of each request the relay sends on (the {@code timeout} option) */
    public ImdsRelay(ImdsV1Gate gate, long timeoutMillis) {
        this.gate = gate;
        this.upstream = new HttpExchange(timeoutMillis, RelayedConnection.MAX_ANSWER_BODY);
    }

    /** Starts serving {@code target}'s connection; the address the application connects to instead. */
    SocketAddress open(RelayedConnection.Target target) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            listener.setSoTimeout(ACCEPT_MILLIS);
            threads().execute(new RelayedConnection(listener, target, gate, upstream));
            return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        } catch (RejectedExecutionException full) {
            listener.close();
            throw new IOException("imds-agent: refused a connection to " + target + ": " + MAX_CONNECTIONS
                    + " connections to IMDS are open already; close the ones not in use");
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    private ThreadPoolExecutor threads() {
        ThreadPoolExecutor current = threads;
        if (current == null) {
            synchronized (this) {
                current = threads;
                if (current == null) {
                    current = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS,
                            new SynchronousQueue<Runnable>(), new DaemonThreads());
                    threads = current;
                }
            }
        }
        return current;
    }

    /** Daemon threads, so the relay never keeps a JVM alive. */
    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "imds-agent-relay-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
