package io.imdsagent.adapters;

import io.imdsagent.policy.ImdsAnswer;
import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ImdsV1Decision;
import io.imdsagent.policy.ImdsV1Gate;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code HttpURLConnection} to IMDS as the application gets it. Until the request is sent it is the real
 * connection (every setter and getter forwards). The first call that sends the request ({@code connect},
 * {@code getInputStream}, {@code getResponseCode}, a response header...) asks the gate once: a pass leaves
 * everything to the real connection from then on; an answer is served from memory exactly as the JDK
 * presents an HTTP response (status line, headers, {@code FileNotFoundException} for 404 and the body on the
 * error stream); a refusal is thrown from every such call, as the JDK rethrows a failed connect.
 */
final class GuardedHttpUrlConnection extends HttpURLConnection {
    private final HttpURLConnection real;
    private final ImdsV1Gate gate;
    // Guarded by this.
    private ImdsV1Decision decision;
    private InputStream servedBody;

    GuardedHttpUrlConnection(HttpURLConnection real, ImdsV1Gate gate) {
        super(real.getURL());
        this.real = real;
        this.gate = gate;
    }

    private synchronized ImdsV1Decision decision() {
        if (decision == null) {
            URL target = real.getURL();
            try {
                decision = gate.decide(new ImdsRequest("HttpURLConnection", real.getRequestMethod(),
                        target.getProtocol(), target.getHost(), target.getPort(), target.getPath(),
                        real.getRequestProperty(ImdsClients.TOKEN_HEADER) != null).withHeaders(
                                new ImdsRequest.HeaderLookup() {
                                    @Override
                                    public boolean present(String name) {
                                        return real.getRequestProperty(name) != null;
                                    }
                                }));
            } catch (RuntimeException | ReflectiveOperationException agentFailure) {
                // The real connection goes on, and the connection guard, which fails closed, decides it again.
                decision = ImdsV1Decision.PASS;
            }
            connected = !decision.passes();
        }
        return decision;
    }

    /** The answer to serve, or null when the real connection does the work; throws a refusal. */
    private ImdsAnswer answer() throws IOException {
        ImdsV1Decision decided = decision();
        if (decided.refusal() != null) {
            throw decided.refusal();
        }
        return decided.answer();
    }

    private synchronized boolean servesOrRefuses() {
        return decision != null && !decision.passes();
    }

    private void checkNotSent() {
        if (servesOrRefuses()) {
            throw new IllegalStateException("Already connected");
        }
    }

    @Override
    public void connect() throws IOException {
        if (answer() == null) {
            real.connect();
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        ImdsAnswer answer = answer();
        if (answer == null) {
            return real.getInputStream();
        }
        if (!getDoInput()) {
            throw new ProtocolException("Cannot read from URLConnection if doInput=false (call setDoInput(true))");
        }
        int status = answer.status();
        if (status >= 400) {
            // The JDK's own exceptions for an error status.
            if (status == 404 || status == 410) {
                throw new FileNotFoundException(real.getURL().toString());
            }
            throw new IOException("Server returned HTTP response code: " + status + " for URL: " + real.getURL());
        }
        return servedBody(answer);
    }

    private synchronized InputStream servedBody(ImdsAnswer answer) {
        if (servedBody == null) {
            servedBody = new ByteArrayInputStream(answer.body());
        }
        return servedBody;
    }

    @Override
    public InputStream getErrorStream() {
        ImdsV1Decision decided;
        synchronized (this) {
            decided = decision;
        }
        if (decided == null || decided.passes()) {
            return real.getErrorStream();
        }
        ImdsAnswer answer = decided.answer();
        return answer != null && answer.status() >= 400 ? servedBody(answer) : null;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        if (!getDoOutput()) {
            throw new ProtocolException("cannot write to a URLConnection if doOutput=false - call setDoOutput(true)");
        }
        if (answer() == null) {
            return real.getOutputStream();
        }
        // The request was answered without being sent; what the application writes has nowhere to go.
        return new OutputStream() {
            @Override
            public void write(int b) {
            }
        };
    }

    @Override
    public int getResponseCode() throws IOException {
        ImdsAnswer answer = answer();
        return answer == null ? real.getResponseCode() : answer.status();
    }

    @Override
    public String getResponseMessage() throws IOException {
        ImdsAnswer answer = answer();
        return answer == null ? real.getResponseMessage() : answer.reason();
    }

    @Override
    public String getHeaderField(String name) {
        ImdsV1Decision decided = decision();
        if (decided.passes()) {
            return real.getHeaderField(name);
        }
        // A refused request has no headers, as the JDK's getters report a failed request.
        ImdsAnswer answer = decided.answer();
        if (answer == null || name == null) {
            return null;
        }
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    @Override
    public String getHeaderField(int n) {
        ImdsV1Decision decided = decision();
        if (decided.passes()) {
            return real.getHeaderField(n);
        }
        // A refused request has no headers, as the JDK's getters report a failed request.
        ImdsAnswer answer = decided.answer();
        if (answer == null || n < 0) {
            return null;
        }
        if (n == 0) {
            return statusLine(answer);
        }
        List<String> values = new ArrayList<String>(answer.headers().values());
        return n <= values.size() ? values.get(n - 1) : null;
    }

    @Override
    public String getHeaderFieldKey(int n) {
        ImdsV1Decision decided = decision();
        if (decided.passes()) {
            return real.getHeaderFieldKey(n);
        }
        // A refused request has no headers, as the JDK's getters report a failed request.
        ImdsAnswer answer = decided.answer();
        if (answer == null || n <= 0) {
            return null;
        }
        List<String> names = new ArrayList<String>(answer.headers().keySet());
        return n <= names.size() ? names.get(n - 1) : null;
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        ImdsV1Decision decided = decision();
        if (decided.passes()) {
            return real.getHeaderFields();
        }
        // A refused request has no headers, as the JDK's getters report a failed request.
        ImdsAnswer answer = decided.answer();
        if (answer == null) {
            return Collections.emptyMap();
        }
        // As the JDK presents them: the status line under the null key, then the headers.
        Map<String, List<String>> fields = new LinkedHashMap<String, List<String>>();
        fields.put(null, Collections.singletonList(statusLine(answer)));
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            fields.put(header.getKey(), Collections.singletonList(header.getValue()));
        }
        return Collections.unmodifiableMap(fields);
    }

    private static String statusLine(ImdsAnswer answer) {
        return "HTTP/1.1 " + answer.status() + " " + answer.reason();
    }

    @Override
    public void disconnect() {
        if (!servesOrRefuses()) {
            real.disconnect();
        }
    }

    @Override
    public boolean usingProxy() {
        return real.usingProxy();
    }

    @Override
    public URL getURL() {
        return real.getURL();
    }

    @Override
    public Permission getPermission() throws IOException {
        return real.getPermission();
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        if (servesOrRefuses()) {
            throw new ProtocolException("Can't reset method: already connected");
        }
        real.setRequestMethod(method);
    }

    @Override
    public String getRequestMethod() {
        return real.getRequestMethod();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        checkNotSent();
        real.setRequestProperty(key, value);
    }

    @Override
    public void addRequestProperty(String key, String value) {
        checkNotSent();
        real.addRequestProperty(key, value);
    }

    @Override
    public String getRequestProperty(String key) {
        return servesOrRefuses() ? null : real.getRequestProperty(key);
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
        checkNotSent();
        return real.getRequestProperties();
    }

    @Override
    public void setConnectTimeout(int timeout) {
        real.setConnectTimeout(timeout);
    }

    @Override
    public int getConnectTimeout() {
        return real.getConnectTimeout();
    }

    @Override
    public void setReadTimeout(int timeout) {
        real.setReadTimeout(timeout);
    }

    @Override
    public int getReadTimeout() {
        return real.getReadTimeout();
    }

    @Override
    public void setDoInput(boolean doInput) {
        checkNotSent();
        real.setDoInput(doInput);
    }

    @Override
    public boolean getDoInput() {
        return real.getDoInput();
    }

    @Override
    public void setDoOutput(boolean doOutput) {
        checkNotSent();
        real.setDoOutput(doOutput);
    }

    @Override
    public boolean getDoOutput() {
        return real.getDoOutput();
    }

    @Override
    public void setAllowUserInteraction(boolean allow) {
        real.setAllowUserInteraction(allow);
    }

    @Override
    public boolean getAllowUserInteraction() {
        return real.getAllowUserInteraction();
    }

    @Override
    public void setUseCaches(boolean useCaches) {
        real.setUseCaches(useCaches);
    }

    @Override
    public boolean getUseCaches() {
        return real.getUseCaches();
    }

    @Override
    public void setDefaultUseCaches(boolean defaultUseCaches) {
        real.setDefaultUseCaches(defaultUseCaches);
    }

    @Override
    public boolean getDefaultUseCaches() {
        return real.getDefaultUseCaches();
    }

    @Override
    public void setIfModifiedSince(long ifModifiedSince) {
        real.setIfModifiedSince(ifModifiedSince);
    }

    @Override
    public long getIfModifiedSince() {
        return real.getIfModifiedSince();
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        real.setInstanceFollowRedirects(followRedirects);
    }

    @Override
    public boolean getInstanceFollowRedirects() {
        return real.getInstanceFollowRedirects();
    }

    @Override
    public void setChunkedStreamingMode(int chunkLength) {
        real.setChunkedStreamingMode(chunkLength);
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        real.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public void setFixedLengthStreamingMode(long contentLength) {
        real.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
