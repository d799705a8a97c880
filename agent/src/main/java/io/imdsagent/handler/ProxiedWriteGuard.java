package io.imdsagent.handler;

import io.imdsagent.adapters.NettyBuffers;
import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.policy.ProxiedRequestLine;
import io.imdsagent.relay.ClientNames;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@code Bridge.checkOutgoing}: refuses a write that begins a request line asking an HTTP proxy for IMDS or a
 * container credential endpoint ({@link ProxiedRequestLine}), in every {@code imdsv1} mode, with a
 * {@code proxy-blocked} event; nothing is written. The connection guard cannot see these: the application connects
 * to the proxy. The agent's own connections write only origin-form requests ({@code GET /latest/...}), which this
 * passes at their fifth byte.
 *
 * <p>Bytes that cannot be read (a released Netty buffer) leave the write alone: it fails or goes on as it would
 * have. Once a request line is recognised, anything that fails still refuses it.
 */
public final class ProxiedWriteGuard {
    private final ProxiedRequestLine line;
    private final OnFirstUse<ImdsV1Gate> gate;

    /** @param gate refuses and reports; built at the first refusal */
    public ProxiedWriteGuard(ProxiedRequestLine line, OnFirstUse<ImdsV1Gate> gate) {
        this.line = line;
        this.gate = gate;
    }

    /** @see io.imdsagent.bootstrap.Bridge.Handler#checkOutgoing */
    void check(Object bytes, int offset, int length, String path) throws IOException {
        ImdsRequest found;
        try {
            found = find(bytes, offset, length, path);
        } catch (Throwable unreadable) {
            return;
        }
        if (found != null) {
            throw refusal(found, path);
        }
    }

    private ImdsRequest find(Object bytes, int offset, int length, String path) throws Throwable {
        if (bytes instanceof byte[]) {
            return line.find(path, (byte[]) bytes, offset, length);
        }
        if (bytes instanceof ByteBuffer) {
            return line.find(path, (ByteBuffer) bytes);
        }
        if (bytes instanceof ByteBuffer[]) {
            // a gathering write: the request line is in the first buffer that holds anything
            ByteBuffer[] buffers = (ByteBuffer[]) bytes;
            for (int i = offset; i >= 0 && i < buffers.length && i - offset < length; i++) {
                if (buffers[i] != null && buffers[i].hasRemaining()) {
                    return line.find(path, buffers[i]);
                }
            }
            return null;
        }
        return NettyBuffers.find(line, path, bytes);
    }

    private IOException refusal(ImdsRequest found, String path) {
        try {
            StackTraceElement[] stack = new Throwable().getStackTrace();
            return gate.get().refuseProxied(found.madeBy(ClientNames.of(stack, path)));
        } catch (Throwable reportFailed) {
            return new IOException("imds-agent: refused " + found.method() + " " + found.url() + ": IMDS is never"
                    + " reached through an HTTP proxy. Send the request to IMDS directly.", reportFailed);
        }
    }
}
