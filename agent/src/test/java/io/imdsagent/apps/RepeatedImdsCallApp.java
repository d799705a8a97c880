package io.imdsagent.apps;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Makes N token-less GETs of one URL from one line of code, prints its process id, and exits: a JVM whose
 * IMDSv1 call site the agent counts. Usage: {@code RepeatedImdsCallApp URL N}.
 */
public final class RepeatedImdsCallApp {
    private RepeatedImdsCallApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("pid: " + ProcessHandle.current().pid());
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
            System.out.println("status: " + get(args[0]));
        }
    }

    static int get(String url) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
        return status;
    }
}
