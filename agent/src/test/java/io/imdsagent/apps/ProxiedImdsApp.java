package io.imdsagent.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GET of IMDS while the JVM's {@code http.proxyHost} names a proxy (one this app runs itself on
 * loopback, answering 502 to anything); prints what came back and how many requests the proxy saw. The
 * JDK never proxies loopback targets, so IMDS must be at its real address: run it sealed.
 */
public final class ProxiedImdsApp {
    private ProxiedImdsApp() {
    }

    public static void main(String[] args) throws Exception {
        AtomicInteger proxied = new AtomicInteger();
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> {
                while (true) {
                    try (Socket client = proxy.accept()) {
                        proxied.incrementAndGet();
                        client.getOutputStream().write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.getLocalPort()));

            HttpURLConnection connection = (HttpURLConnection) new URL(args[0] + "/latest/meta-data/instance-id")
                    .openConnection();
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                System.out.println("status " + status + " body " + text + " proxied " + proxied.get());
            }
        }
    }
}
