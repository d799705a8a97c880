package io.imdsagent.config;

import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    // parsed when chosen: premain runs in every JVM of a fleet
    private static final String IPV4_ENDPOINT = "http://169.254.169.254";
    private static final String IPV6_ENDPOINT = "http://[fd00:ec2::254]";

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
        checkShadowed(sources);

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

    /**
     * Parses the values that a source of higher precedence overrides, so that a bad one is refused as if it
     * were in force (the AWS standard settings are read only where no source of the agent's own sets the option).
     */
    private static void checkShadowed(OptionSources sources) throws ConfigException {
        for (Option option : Option.values()) {
            List<OptionValue> values = sources.every(option);
            for (int i = 1; i < values.size(); i++) {
                parse(option, values.get(i));
            }
        }
    }

    /** One value of {@code option} parsed as {@link #load} parses the one in force. */
    private static Object parse(Option option, OptionValue value) throws ConfigException {
        switch (option) {
            case ENDPOINT:
                return value.asEndpoint();
            case IMDSV1:
                return value.asChoice(ImdsV1Mode.class);
            case SELF_ASSUME:
                return value.asChoice(SelfAssumeMode.class);
            case TOKEN_TTL:
                return value.asWholeNumber(1, MAX_TOKEN_TTL_SECONDS);
            case REFRESH_AHEAD:
                return value.asDurationMillis(MAX_REFRESH_AHEAD_MILLIS);
            case TIMEOUT:
                return value.asDurationMillis(MAX_TIMEOUT_MILLIS);
            case ATTEMPTS:
                return value.asWholeNumber(1, MAX_ATTEMPTS);
            case EVENTS:
                return events(value);
            case LOG:
                return value.asChoice(LogLevel.class);
            case JMX:
                return value.asChoice(JmxMode.class);
            default:
                return value.text();
        }
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
            return URI.create(IPV4_ENDPOINT);
        }
        if (mode.text().equalsIgnoreCase("IPv6")) {
            return URI.create(IPV6_ENDPOINT);
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
        return events == null ? "off" : events(events);
    }

    /**
     * {@code off}, {@code stderr}, or a file the agent can append to: an existing writable file, or a new one in
     * an existing writable directory. Checked at start, since the file is opened only on the first event, and
     * events that silently stop are an audit trail that silently stops.
     */
    private static String events(OptionValue events) throws ConfigException {
        String target = events.text();
        if (target.equalsIgnoreCase("off") || target.equalsIgnoreCase("stderr")) {
            return target.toLowerCase(Locale.ROOT);
        }
        if (target.isEmpty()) {
            throw events.bad("stderr, off, or the path of a file to append JSON lines to");
        }
        File file = new File(target).getAbsoluteFile();
        File directory = file.getParentFile();
        String problem = null;
        if (file.isDirectory()) {
            problem = "is a directory";
        } else if (file.exists() ? !file.canWrite() : directory == null || !directory.isDirectory()) {
            problem = file.exists() ? "is not writable" : "is in a directory that does not exist";
        } else if (!file.exists() && !directory.canWrite()) {
            problem = "is in a directory this process cannot write to";
        }
        if (problem != null) {
            throw events.unusable(problem + "; name a file this process can append to, or stderr or off");
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

    /**
     * The rule for a second agent in one JVM (the jar in {@code JAVA_TOOL_OPTIONS} and on the command line, or an
     * attach to a JVM that runs it): the first to start runs and cannot be changed, so a later one may only
     * repeat it. Each option the later agent argument gives must have the setting in force; options it leaves
     * out ask for nothing (its system properties and environment are this JVM's, the same).
     *
     * @param laterArgs the later agent's argument; {@code later} is what it loads to
     * @throws ConfigException naming every option the later agent asks to change
     */
    public void checkLaterAgent(String laterArgs, AgentConfig later) throws ConfigException {
        List<String> conflicts = conflicts(laterArgs, later);
        if (!conflicts.isEmpty()) {
            throw new ConfigException("the agent is started twice in this JVM (say in JAVA_TOOL_OPTIONS and on the"
                    + " command line, or attached to a JVM that runs it), and the later one asks for "
                    + String.join(", ", conflicts) + ". The first one runs and cannot be changed: give the agent"
                    + " once, with all its options, or give the later one the same options");
        }
    }

    private List<String> conflicts(String laterArgs, AgentConfig later) throws ConfigException {
        List<String> conflicts = new ArrayList<String>();
        for (String key : OptionSources.agentArgumentKeys(laterArgs)) {
            Option option = Option.forKey(key);
            String now = setting(option);
            String asked = later.setting(option);
            if (now != null && !now.equals(asked)) {
                conflicts.add(key + "=" + asked + " (in force: " + key + "=" + now + ")");
            }
        }
        return conflicts;
    }

    /** One option's setting as {@link #toString()} spells it; null for an option it does not show. */
    private String setting(Option option) {
        switch (option) {
            case ENDPOINT:
                return endpoint.toString();
            case IMDSV1:
                return Option.spelling(imdsv1);
            case SELF_ASSUME:
                return Option.spelling(selfAssume);
            case TOKEN_TTL:
                return String.valueOf(tokenTtlSeconds);
            case REFRESH_AHEAD:
                return Durations.format(refreshAheadMillis);
            case TIMEOUT:
                return Durations.format(timeoutMillis);
            case ATTEMPTS:
                return String.valueOf(attempts);
            case EVENTS:
                return events;
            case LOG:
                return Option.spelling(log);
            case JMX:
                return Option.spelling(jmx);
            default:
                return null;
        }
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
