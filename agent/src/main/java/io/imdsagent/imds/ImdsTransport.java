package io.imdsagent.imds;

import java.io.IOException;

/** Sends one request to IMDS. Passed in so retries, tokens and the cache are tested without a network. */
public interface ImdsTransport {

    /**
     * @param method {@code GET} or {@code PUT}
     * @param path absolute path such as {@code /latest/api/token}
     * @param headerName one request header to send, or null
     * @param headerValue its value
     * @param deadline the caller's: the request (and any retries) waits at most until then
     * @throws java.net.ConnectException when nothing listens
     * @throws java.net.SocketTimeoutException when connecting or reading took longer than the timeout, or the
     *     deadline left no time to ask
     * @throws IOException on any other transport failure, including a body over the size limit
     */
    ImdsResponse send(String method, String path, String headerName, String headerValue, Deadline deadline)
            throws IOException;
}
