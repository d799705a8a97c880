package io.imdsagent.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Reaches IMDS (and a container credential endpoint) by every path the request-level hooks cannot see: plain
 * sockets, socket channels (blocking, non-blocking, the channel's socket adaptor), an asynchronous socket
 * channel, a redirect from a loopback
 * server, a host name from the hosts file, the literal spellings the JDK reads as decimal, an XML external
 * entity. One line per path: {@code name: status first-body-line} or {@code name: error ...}.
 *
 * <p>Usage: {@code ConnectionPathsApp IMDS_HOST [CONTAINER_HOST]}; only ever run in a sealed namespace. With a
 * container host (an address the namespace's loopback holds) the app serves a stand-in credential endpoint there
 * itself and says at the end how many requests reached it.
 */
public final class ConnectionPathsApp {
    private static final String INSTANCE_ID = "/latest/meta-data/instance-id";

    private ConnectionPathsApp() {
    }

    public static void main(String[] args) throws Exception {
        String imds = args[0];
        HttpServer redirector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirector.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://" + imds + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirector.start();
        String local = "http://127.0.0.1:" + redirector.getAddress().getPort();
        try {
            run("socket", () -> overSocket(new Socket(imds, 80)));
            run("socket-unconnected", () -> {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(imds, 80), 2000);
                return overSocket(socket);
            });
            run("channel-blocking", () -> overChannel(SocketChannel.open(new InetSocketAddress(imds, 80))));
            run("channel-adaptor", () -> {
                SocketChannel channel = SocketChannel.open();
                channel.socket().connect(new InetSocketAddress(imds, 80), 2000);
                return overChannel(channel);
            });
            run("channel-nonblocking", ConnectionPathsApp::nonBlocking);
            run("async-channel", () -> asynchronous(imds));
            run("redirect", () -> url(local + INSTANCE_ID));
            run("hosts-file", () -> url("http://instance-data" + INSTANCE_ID));
            run("decimal-zero", () -> url("http://0169.254.43518" + INSTANCE_ID));
            run("decimal-number", () -> url("http://02852039166" + INSTANCE_ID));
            run("xml-entity", () -> xml("http://" + imds + INSTANCE_ID));
            run("xml-redirect", () -> xml(local + INSTANCE_ID));
            if (args.length > 1) {
                HttpServer container = HttpServer.create(new InetSocketAddress(args[1], 80), 0);
                AtomicInteger served = new AtomicInteger();
                container.createContext("/", exchange -> {
                    served.incrementAndGet();
                    byte[] body = "container-credentials\n".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                container.start();
                run("container", () -> overSocket(new Socket(args[1], 80)));
                run("container-forwarded", () -> overSocket(new Socket(args[1], 80), "X-Forwarded-For: 10.1.2.3\r\n"));
                run("container-xml", () -> xml("http://" + args[1] + "/v2/credentials/task"));
                container.stop(0);
                System.out.println("container-requests: " + served.get());
            }
        } finally {
            redirector.stop(0);
        }
    }

    interface Call {
        String call() throws Exception;
    }

    private static void run(String name, Call call) {
        try {
            System.out.println(name + ": " + call.call());
        } catch (Exception e) {
            System.out.println(name + ": error " + e);
        }
    }

    private static String request(String extraHeaders) {
        return "GET " + INSTANCE_ID + " HTTP/1.1\r\nHost: imds\r\n" + extraHeaders + "Connection: close\r\n\r\n";
    }

    private static String overSocket(Socket socket) throws IOException {
        return overSocket(socket, "");
    }

    private static String overSocket(Socket socket, String extraHeaders) throws IOException {
        try (Socket open = socket) {
            open.setSoTimeout(5000);
            OutputStream out = open.getOutputStream();
            out.write(request(extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return summary(open.getInputStream().readAllBytes());
        }
    }

    private static String overChannel(SocketChannel channel) throws IOException {
        try (SocketChannel open = channel) {
            open.configureBlocking(true);
            open.write(ByteBuffer.wrap(request("").getBytes(StandardCharsets.ISO_8859_1)));
            return summary(open.socket().getInputStream().readAllBytes());
        }
    }

    private static String nonBlocking() throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress(InetAddress.getByName("169.254.169.254"), 80));
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            if (selector.select(5000) == 0 || !channel.finishConnect()) {
                return "error not connected";
            }
            key.cancel();
            selector.selectNow();
            channel.configureBlocking(true);
            channel.write(ByteBuffer.wrap(request("").getBytes(StandardCharsets.ISO_8859_1)));
            return summary(channel.socket().getInputStream().readAllBytes());
        }
    }

    private static String asynchronous(String imds) throws Exception {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            channel.connect(new InetSocketAddress(imds, 80)).get(5, TimeUnit.SECONDS);
            ByteBuffer out = ByteBuffer.wrap(request("").getBytes(StandardCharsets.ISO_8859_1));
            while (out.hasRemaining()) {
                channel.write(out).get(5, TimeUnit.SECONDS);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (channel.read(in).get(5, TimeUnit.SECONDS) >= 0) {
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
            return summary(answer.toByteArray());
        }
    }

    private static String url(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        int status = connection.getResponseCode();
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return status + " " + firstLine(body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String xml(String systemId) throws Exception {
        String document = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"" + systemId + "\">]><r>&e;</r>";
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        return "parsed " + factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                document.getBytes(StandardCharsets.UTF_8))).getDocumentElement().getTextContent();
    }

    /** {@code STATUS first-body-line} of a raw HTTP answer. */
    private static String summary(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        String statusLine = firstLine(text);
        String status = statusLine.length() >= 12 ? statusLine.substring(9, 12) : statusLine;
        return status + " " + (headEnd < 0 ? "" : firstLine(text.substring(headEnd + 4)));
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

}
