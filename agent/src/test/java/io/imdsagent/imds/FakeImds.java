package io.imdsagent.imds;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An in-memory IMDS for unit tests of timing logic (the emulator over sockets covers the wire in the
 * ITs). Credentials are whatever the test sets; faults are queued per request.
 */
final class FakeImds implements ImdsTransport {
    final List<String> requests = new ArrayList<>();
    final Deque<Object> faults = new ArrayDeque<>();
    String role = "s3access";
    String accessKeyId = "ASIAFIRST";
    String secret = "secret-1-wJalrXUtnFEMI";
    String sessionToken = "token-1-IQoJb3JpZ2luX2VjE";
    long expirationMillis;
    boolean unreachable;
    boolean refuseEveryToken;
    int tokenTtlEcho = -1;
    /** How long a credentials GET takes (in real time): a slow IMDS. */
    volatile long credentialsStallMillis;
    private int minted;

    void rotate(String newKeyId, long newExpiration) {
        accessKeyId = newKeyId;
        secret = "secret-of-" + newKeyId;
        sessionToken = "token-of-" + newKeyId;
        expirationMillis = newExpiration;
    }

    long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    private void stall() throws IOException {
        try {
            Thread.sleep(credentialsStallMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    @Override
    public synchronized ImdsResponse send(String method, String path, String headerName, String headerValue,
                                          Deadline deadline) throws IOException {
        requests.add(method + " " + path + (headerName == null ? "" : " " + headerName));
        if (unreachable) {
            throw new ConnectException("Connection refused");
        }
        Object fault = faults.poll();
        if (fault instanceof IOException) {
            throw (IOException) fault;
        }
        if (fault instanceof Integer) {
            return new ImdsResponse((Integer) fault, "", null);
        }
        if (method.equals("PUT")) {
            minted++;
            return new ImdsResponse(200, "token-" + minted, tokenTtlEcho < 0 ? headerValue : String.valueOf(tokenTtlEcho));
        }
        if (headerName == null || !headerValue.startsWith("token-") || refuseEveryToken) {
            return new ImdsResponse(401, "", null);
        }
        if (path.equals(InstanceProfile.CREDENTIALS_PATH)) {
            return new ImdsResponse(200, role + "\n", null);
        }
        if (path.equals(InstanceProfile.CREDENTIALS_PATH + role)) {
            stall();
            return new ImdsResponse(200, "{\"Code\":\"Success\",\"LastUpdated\":\"2026-11-29T00:00:00Z\","
                    + "\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secret
                    + "\",\"Token\":\"" + sessionToken + "\",\"Expiration\":\""
                    + Instant.ofEpochMilli(expirationMillis) + "\"}", null);
        }
        if (path.equals(InstanceProfile.INFO_PATH)) {
            return new ImdsResponse(200, "{\"Code\":\"Success\",\"LastUpdated\":\"2026-11-29T00:00:00Z\","
                    + "\"InstanceProfileArn\":\"arn:aws:iam::123456789012:instance-profile/web\","
                    + "\"InstanceProfileId\":\"AIPAEXAMPLE\"}", null);
        }
        return new ImdsResponse(404, "", null);
    }
}
