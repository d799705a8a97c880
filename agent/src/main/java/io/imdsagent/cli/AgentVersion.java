package io.imdsagent.cli;

/** The agent's version, as the build wrote it into the jar's manifest ({@code Implementation-Version}). */
public final class AgentVersion {
    /** What classes outside the built jar (the build's own unit tests) report. */
    static final String UNPACKAGED = "(unpackaged build)";

    private AgentVersion() {
    }

    /** The Maven project version the jar was built from, e.g. {@code 0.1.0}. */
    public static String version() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isEmpty() ? UNPACKAGED : version;
    }

    /** {@code imds-agent 0.1.0}: what {@code version} prints and usage begins with. */
    public static String line() {
        return "imds-agent " + version();
    }
}
