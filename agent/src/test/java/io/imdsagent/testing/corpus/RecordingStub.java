package io.imdsagent.testing.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A loopback or container-address HTTP/1.1 server for the corpus that records every request head it gets
 * (one line each, {@code STUB<TAB>MILLIS<TAB>REQUEST_LINE<TAB>HEADERS}, to a log shared by all stubs) and
 * answers each with what {@code answer} makes of the request line, closing the connection after.
 */
final class RecordingStub implements AutoCloseable {
    private final String name;
    private final ServerSocket server;
    private final Function<String, String> answer;
    private final Writer log;

    private RecordingStub(String name, ServerSocket server, Function<String, String> answer, Writer log) {
        this.name = name;
        this.server = server;
        this.answer = answer;
        this.log = log;
    }

    static RecordingStub start(String name, InetSocketAddress address, Function<String, String> answer, Writer log)
            throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address);
        RecordingStub stub = new RecordingStub(name, server, answer, log);
        Thread accept = new Thread(stub::serve, "stub-" + name);
        accept.setDaemon(true);
        accept.start();
        return stub;
    }

    /** A whole HTTP/1.1 answer with {@code Connection: close}. */
    static String answer(int status, String reason, String extraHeaders, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " " + reason + "\r\n" + extraHeaders + "Content-Type: text/plain\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread handler = new Thread(() -> handle(connection), "stub-" + name + "-request");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket connection) {
        try (connection) {
            connection.setSoTimeout(10_000);
            String head = readHead(connection.getInputStream());
            if (head.isEmpty()) {
                return;
            }
            String[] lines = head.split("\r\n");
            String headers = String.join(" | ", java.util.Arrays.copyOfRange(lines, 1, lines.length));
            synchronized (log) {
                log.write(name + "\t" + System.currentTimeMillis() + "\t" + lines[0] + "\t" + headers + "\n");
                log.flush();
            }
            OutputStream out = connection.getOutputStream();
            out.write(answer.apply(lines[0]).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // The client went away; what it sent, if anything, is recorded.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (matched == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
