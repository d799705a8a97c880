package io.imdsagent.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes request lines to a loopback "proxy" of its own through every JDK write path and prints, per path,
 * {@code PATH: refused MESSAGE} or {@code PATH: written}, and at the end how many bytes the proxy received in all.
 * Nothing leaves loopback: the IMDS address is only text in the request line.
 */
public final class ProxyWritesApp {
    private static final String TO_IMDS = "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String TUNNEL = "CONNECT 169.254.170.2:80 HTTP/1.1\r\nHost: 169.254.170.2:80\r\n\r\n";
    private static final String ORIGIN = "GET /index.html HTTP/1.1\r\nHost: origin.example\r\n\r\n";

    private ProxyWritesApp() {
    }

    public static void main(String[] args) throws Exception {
        AtomicLong received = new AtomicLong();
        ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread reader = new Thread(() -> {
            while (true) {
                try (Socket accepted = proxy.accept(); InputStream in = accepted.getInputStream()) {
                    byte[] buffer = new byte[512];
                    for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                        received.addAndGet(read);
                    }
                } catch (Exception closed) {
                    return;
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getLocalPort());
        attempt("socket", address, TO_IMDS, Path.STREAM);
        attempt("socket-tunnel", address, TUNNEL, Path.STREAM);
        attempt("channel", address, TO_IMDS, Path.CHANNEL);
        attempt("channel-gathering", address, TUNNEL, Path.GATHERING);
        attempt("channel-adaptor", address, TO_IMDS, Path.ADAPTOR);
        long before = received.get();
        attempt("socket-origin", address, ORIGIN, Path.STREAM);
        attempt("channel-origin", address, ORIGIN, Path.CHANNEL);
        long deadline = System.currentTimeMillis() + 5000;
        while (received.get() < before + 2L * ORIGIN.length() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        System.out.println("proxy received before the origin requests: " + before);
        System.out.println("proxy received in all: " + received.get() + " of origin " + 2 * ORIGIN.length());
    }

    private enum Path { STREAM, CHANNEL, GATHERING, ADAPTOR }

    private static void attempt(String name, InetSocketAddress proxy, String request, Path path) {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        try {
            if (path == Path.STREAM) {
                try (Socket socket = new Socket()) {
                    socket.connect(proxy, 5000);
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                }
            } else {
                try (SocketChannel channel = SocketChannel.open(proxy)) {
                    if (path == Path.CHANNEL) {
                        channel.write(ByteBuffer.wrap(bytes));
                    } else if (path == Path.GATHERING) {
                        channel.write(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.wrap(bytes)});
                    } else {
                        channel.socket().getOutputStream().write(bytes);
                    }
                }
            }
            System.out.println(name + ": written");
        } catch (Exception e) {
            System.out.println(name + ": refused " + e.getMessage());
        }
    }
}
