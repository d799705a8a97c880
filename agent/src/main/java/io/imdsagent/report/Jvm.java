package io.imdsagent.report;

/**
 * One JVM of the fleet: host, process id and application, as its events name them. Events written before
 * the agent named them (no host, no pid) count the file they were read from as their JVM.
 */
final class Jvm {
    final String host;
    final String pid;
    final String app;
    private int hash;

    Jvm(String host, String pid, String app) {
        this.host = host;
        this.pid = pid;
        this.app = app;
    }

    /** Equality without hashing: cheaper than a map look-up when it holds. */
    boolean sameAs(Jvm other) {
        return other != null && host.equals(other.host) && pid.equals(other.pid) && app.equals(other.app);
    }

    static Jvm of(EventLine line, String source) {
        String host = line.host == null ? "unknown" : line.host;
        String pid = line.pid != null ? line.pid : line.host == null ? source : "unknown";
        return new Jvm(host, pid, line.app == null ? "unknown" : line.app);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Jvm)) {
            return false;
        }
        return sameAs((Jvm) other);
    }

    @Override
    public int hashCode() {
        if (hash == 0) {
            hash = (host.hashCode() * 31 + pid.hashCode()) * 31 + app.hashCode();
        }
        return hash;
    }
}
