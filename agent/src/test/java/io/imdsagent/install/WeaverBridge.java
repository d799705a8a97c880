package io.imdsagent.install;

import io.imdsagent.bootstrap.Bridge;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The bridge {@link WeaverTest} weaves calls to: it answers as the test says and records what it was given. */
public final class WeaverBridge {
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();
    static volatile Object answer;
    static volatile SocketAddress replacement;
    static volatile IOException refusal;

    private WeaverBridge() {
    }

    public static Object returnOrThrow(Object answered) throws IOException {
        return Bridge.returnOrThrow(answered);
    }

    public static Object answer(Object self, Object argument) {
        SEEN.add(self);
        SEEN.add(argument);
        return answer;
    }

    public static SocketAddress connectTarget(Object connector, SocketAddress target, String client)
            throws IOException {
        SEEN.add(client);
        if (refusal != null) {
            throw refusal;
        }
        return replacement != null ? replacement : target;
    }

    public static String proxyFor(long id, String proxy) {
        return "DIRECT for " + id + " instead of " + proxy;
    }

    public static Object filter(String url, Object proxy, Object opened) {
        return "filtered(" + opened + " via " + proxy + ")";
    }

    public static boolean shouldProxy(Object self, String address, boolean returned) {
        return returned && !address.startsWith("169.254.");
    }

    public static void observe(Object returned) {
        SEEN.add(returned);
    }

    public static String wideText(long first, double second, String text) {
        return text.concat(" seen with ").concat(String.valueOf(first)).concat(" and ").concat(String.valueOf(second));
    }

    /** Does not fit {@code connect}'s {@code SocketAddress} argument. */
    public static String wrongType(Object connector, SocketAddress target, String client) {
        return "not an address";
    }
}
