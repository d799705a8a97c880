package io.imdsagent.policy;

/**
 * Who made an IMDS request: the first frame outside the JDK, the agent, the HTTP clients and the AWS SDKs
 * ({@code class.method(File.java:line)}) and the jar holding its class; and, when that frame called into a
 * library (an SDK or a client) to make the request, that library frame and its jar. Immutable; any part
 * may be null when the stack does not tell.
 */
public final class CallSite {
    public static final CallSite UNKNOWN = new CallSite(null, null, null, null);

    private final String caller;
    private final JarOrigin jar;
    private final String via;
    private final JarOrigin viaJar;

    CallSite(String caller, JarOrigin jar, String via, JarOrigin viaJar) {
        this.caller = caller;
        this.jar = jar;
        this.via = via;
        this.viaJar = viaJar;
    }

    /** {@code class.method(File.java:line)}, or null when no frame outside the JDK, agent and libraries exists. */
    public String caller() {
        return caller;
    }

    /** The jar (or directory) holding the caller's class, or null. */
    public JarOrigin jar() {
        return jar;
    }

    /** The library frame the caller called ({@code EC2MetadataUtils.getInstanceId(...)}), or null. */
    public String via() {
        return via;
    }

    public JarOrigin viaJar() {
        return viaJar;
    }

    @Override
    public String toString() {
        return caller == null ? "unknown caller" : caller + (jar == null ? "" : " in " + jar);
    }
}
