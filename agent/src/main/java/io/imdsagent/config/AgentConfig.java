package io.imdsagent.config;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's effective settings, read once at start (see "Options" in the contract). Immutable; holds
 * no secrets, so {@link #toString()} shows everything.
 */
public final class AgentConfig {
    static final long MAX_TIMEOUT_MILLIS = 60000L;
    // IMDS tokens and instance-profile credentials live at most 6 hours.
    static final long MAX_REFRESH_AHEAD_MILLIS = 6 * 3600000L;
    static final int MAX_TOKEN_TTL_SECONDS = 21600;
    static final int MAX_ATTEMPTS = 10;

    private static final URI IPV4_ENDPOINT = URI.create("http://169.254.169.254");
    private static final URI IPV6_ENDPOINT = URI.create("http://[fd00:ec2::254]");

    private final URI endpoint;
    private final ImdsV1Mode imdsv1;
    private final SelfAssumeMode selfAssume;
    private final int tokenTtlSeconds;
    private final long refreshAheadMillis;
    private final long timeoutMillis;
    private final int attempts;
    private final String events;
    private final LogLevel log;
    private final boolean credentialsDisabled;
    private final JmxMode jmx;

    private AgentConfig(URI endpoint, ImdsV1Mode imdsv1, SelfAssumeMode selfAssume, int tokenTtlSeconds,
                        long refreshAheadMillis, long timeoutMillis, int attempts, String events, LogLevel log,
                        boolean credentialsDisabled, JmxMode jmx) {
        this.endpoint = endpoint;
        this.imdsv1 = imdsv1;
        this.selfAssume = selfAssume;
        this.tokenTtlSeconds = tokenTtlSeconds;
        this.refreshAheadMillis = refreshAheadMillis;
        this.timeoutMillis = timeoutMillis;
        this.attempts = attempts;
        this.events = events;
        this.log = log;
        this.credentialsDisabled = credentialsDisabled;
        this.jmx = jmx;
    }

    /**
     * Reads every option by precedence. Pure: the caller passes the system properties and the environment.
     *
     * @param agentArgs {@code key=value,key=value}; null or empty for none
     * @throws ConfigException for an unknown key or a bad value in any source; the message is the one line
     *         to print before stopping
     */
    public static AgentConfig load(String agentArgs, Map<String, String> systemProperties,
                                   Map<String, String> environment) throws ConfigException {
        OptionSources sources = OptionSources.read(agentArgs, systemProperties, environment);

        OptionValue imdsv1 = sources.find(Option.IMDSV1);
        OptionValue selfAssume = sources.find(Option.SELF_ASSUME);
        OptionValue tokenTtl = sources.find(Option.TOKEN_TTL);
        OptionValue refreshAhead = sources.find(Option.REFRESH_AHEAD);
        OptionValue log = sources.find(Option.LOG);
        OptionValue jmx = sources.find(Option.JMX);
        return new AgentConfig(
                endpoint(sources),
                imdsv1 == null ? ImdsV1Mode.UPGRADE : imdsv1.asChoice(ImdsV1Mode.class),
                selfAssume == null ? SelfAssumeMode.BLOCK : selfAssume.asChoice(SelfAssumeMode.class),
                tokenTtl == null ? MAX_TOKEN_TTL_SECONDS : tokenTtl.asWholeNumber(1, MAX_TOKEN_TTL_SECONDS),
                refreshAhead == null ? 15 * 60000L : refreshAhead.asDurationMillis(MAX_REFRESH_AHEAD_MILLIS),
                timeoutMillis(sources),
                attempts(sources),
                events(sources),
                log == null ? LogLevel.INFO : log.asChoice(LogLevel.class),
                "true".equalsIgnoreCase(trimmed(sources.standardSetting("aws.disableEc2Metadata",
                        "AWS_EC2_METADATA_DISABLED"))),
                jmx == null ? JmxMode.ON : jmx.asChoice(JmxMode.class));
    }

    /** {@link #load} with this JVM's system properties and environment. */
    public static AgentConfig loadFromSystem(String agentArgs) throws ConfigException {
        Properties properties = System.getProperties();
        Map<String, String> systemProperties = new HashMap<String, String>();
        // stringPropertyNames() is a snapshot, safe while the application sets properties concurrently
        for (String name : properties.stringPropertyNames()) {
            String value = properties.getProperty(name);
            if (value != null) {
                systemProperties.put(name, value);
            }
        }
        return load(agentArgs, systemProperties, System.getenv());
    }

    private static URI endpoint(OptionSources sources) throws ConfigException {
        OptionValue endpoint = sources.find(Option.ENDPOINT);
        if (endpoint == null) {
            endpoint = sources.findSetting(Option.ENDPOINT, "aws.ec2MetadataServiceEndpoint",
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT");
        }
        if (endpoint != null) {
            return endpoint.asEndpoint();
        }
        OptionValue mode = sources.findSetting(Option.ENDPOINT, "aws.ec2MetadataServiceEndpointMode",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
        if (mode == null || mode.text().equalsIgnoreCase("IPv4")) {
            return IPV4_ENDPOINT;
        }
        if (mode.text().equalsIgnoreCase("IPv6")) {
            return IPV6_ENDPOINT;
        }
        throw mode.bad("IPv4, IPv6");
    }

    private static long timeoutMillis(OptionSources sources) throws ConfigException {
        OptionValue timeout = sources.find(Option.TIMEOUT);
        if (timeout == null) {
            timeout = sources.findSetting(Option.TIMEOUT, "aws.ec2MetadataServiceTimeout", "AWS_METADATA_SERVICE_TIMEOUT");
        }
        return timeout == null ? 1000L : timeout.asDurationMillis(MAX_TIMEOUT_MILLIS);
    }

    private static int attempts(OptionSources sources) throws ConfigException {
        OptionValue attempts = sources.find(Option.ATTEMPTS);
        if (attempts == null) {
            // The AWS SDKs read this setting from the environment (and the profile file), no system property.
            attempts = sources.findSetting(Option.ATTEMPTS, null, "AWS_METADATA_SERVICE_NUM_ATTEMPTS");
        }
        return attempts == null ? 3 : attempts.asWholeNumber(1, MAX_ATTEMPTS);
    }

    private static String events(OptionSources sources) throws ConfigException {
        OptionValue events = sources.find(Option.EVENTS);
        if (events == null) {
            return "off";
        }
        String target = events.text();
        if (target.equalsIgnoreCase("off") || target.equalsIgnoreCase("stderr")) {
            return target.toLowerCase(Locale.ROOT);
        }
        if (target.isEmpty()) {
            throw events.bad("stderr, off, or the path of a file to append JSON lines to");
        }
        return target;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    /** Base URL of IMDS without a trailing slash: {@code http://169.254.169.254}, {@code http://[fd00:ec2::254]}. */
    public String endpoint() {
        return endpoint.toString();
    }

    /** Host of {@link #endpoint()} in lower case; an IPv6 literal without brackets ({@code fd00:ec2::254}). */
    public String endpointHost() {
        String host = endpoint.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** Port of {@link #endpoint()}; when the URL names none, 80 for http and 443 for https. */
    public int endpointPort() {
        if (endpoint.getPort() != -1) {
            return endpoint.getPort();
        }
        return endpoint.getScheme().equals("https") ? 443 : 80;
    }

    public ImdsV1Mode imdsv1() {
        return imdsv1;
    }

    public SelfAssumeMode selfAssume() {
        return selfAssume;
    }

    public int tokenTtlSeconds() {
        return tokenTtlSeconds;
    }

    public long refreshAheadMillis() {
        return refreshAheadMillis;
    }

    /** Timeout of one IMDS request (connect and read each). */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    public int attempts() {
        return attempts;
    }

    /** {@code off}, {@code stderr}, or the path of the file events are appended to. */
    public String events() {
        return events;
    }

    public LogLevel log() {
        return log;
    }

    /** {@code AWS_EC2_METADATA_DISABLED=true}: serve no credentials (IMDS is still guarded). */
    public boolean credentialsDisabled() {
        return credentialsDisabled;
    }

    /** Whether the agent's MBean goes into the platform MBean server once that exists. */
    public JmxMode jmx() {
        return jmx;
    }

    /** The settings as option keys and values, on one line. */
    @Override
    public String toString() {
        return "endpoint=" + endpoint
                + ", imdsv1=" + Option.spelling(imdsv1)
                + ", self-assume=" + Option.spelling(selfAssume)
                + ", token-ttl=" + tokenTtlSeconds
                + ", refresh-ahead=" + Durations.format(refreshAheadMillis)
                + ", timeout=" + Durations.format(timeoutMillis)
                + ", attempts=" + attempts
                + ", events=" + events
                + ", log=" + Option.spelling(log)
                + ", jmx=" + Option.spelling(jmx)
                + ", credentials-disabled=" + credentialsDisabled;
    }
}
