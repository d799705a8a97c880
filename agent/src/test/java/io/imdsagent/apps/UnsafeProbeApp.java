package io.imdsagent.apps;

import java.net.URL;

/**
 * Brings the agent in (its first {@code HttpURLConnection} loads a class the agent rewrites, so the bridge is
 * injected), then tries the JDK's internal {@code Unsafe} as any class on the class path could.
 */
public final class UnsafeProbeApp {
    private UnsafeProbeApp() {
    }

    public static void main(String[] args) throws Exception {
        new URL("http://127.0.0.1:9/").openConnection();
        try {
            Class.forName("io.imdsagent.bootstrap.Bridge", false, null);
            System.out.println("bridge: in the bootstrap loader");
        } catch (ClassNotFoundException e) {
            System.out.println("bridge: absent");
        }
        try {
            Object unsafe = Class.forName("jdk.internal.misc.Unsafe").getMethod("getUnsafe").invoke(null);
            System.out.println("unsafe: reachable " + unsafe.getClass().getName());
        } catch (IllegalAccessException e) {
            System.out.println("unsafe: denied " + e.getMessage());
        }
    }
}
