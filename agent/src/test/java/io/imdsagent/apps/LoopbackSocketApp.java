package io.imdsagent.apps;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * What most JVMs of a fleet do and no AWS call needs the agent for: one TCP connection on loopback, a request
 * written, a byte read back, and an {@code HttpURLConnection} opened to a loopback URL. Prints {@code read N}.
 */
public final class LoopbackSocketApp {
    private LoopbackSocketApp() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, server.getLocalPort());
             Socket accepted = server.accept()) {
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = accepted.getInputStream();
            System.out.println("read " + in.read());
            new URL("http://localhost:" + server.getLocalPort() + "/").openConnection();
        }
    }
}
