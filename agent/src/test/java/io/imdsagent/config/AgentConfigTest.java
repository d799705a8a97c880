package io.imdsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigTest {
    private static final String KNOWN = "endpoint, imdsv1, self-assume, token-ttl, refresh-ahead, timeout, attempts, events, log, jmx";

    /** The agent's own three sources; each test row is tried through every one of them. */
    enum Source {
        AGENT_ARGUMENT, SYSTEM_PROPERTY, ENVIRONMENT;

        AgentConfig load(String key, String value) throws ConfigException {
            Inputs inputs = new Inputs();
            inputs.set(this, key, value);
            return inputs.load();
        }

        String origin(String key) {
            switch (this) {
                case AGENT_ARGUMENT:
                    return "the agent argument";
                case SYSTEM_PROPERTY:
                    return "system property imds.agent." + key;
                default:
                    return "environment variable IMDS_AGENT_" + key.toUpperCase().replace('-', '_');
            }
        }
    }

    /** Agent argument, system properties and environment of one load. */
    static final class Inputs {
        final StringBuilder agentArgs = new StringBuilder();
        final Map<String, String> properties = new HashMap<>();
        final Map<String, String> environment = new HashMap<>();

        Inputs set(Source source, String key, String value) {
            switch (source) {
                case AGENT_ARGUMENT -> agentArgs.append(agentArgs.length() == 0 ? "" : ",").append(key).append('=').append(value);
                case SYSTEM_PROPERTY -> properties.put("imds.agent." + key, value);
                case ENVIRONMENT -> environment.put("IMDS_AGENT_" + key.toUpperCase().replace('-', '_'), value);
            }
            return this;
        }

        Inputs property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        Inputs env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        AgentConfig load() throws ConfigException {
            return AgentConfig.load(agentArgs.toString(), properties, environment);
        }

        String error() {
            return assertThrows(ConfigException.class, this::load).getMessage();
        }
    }

    private static Inputs inputs() {
        return new Inputs();
    }

    private static Function<AgentConfig, Object> get(Function<AgentConfig, Object> getter) {
        return getter;
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", ",", " , "})
    void noOptionsGiveTheContractDefaults(String agentArgs) throws ConfigException {
        AgentConfig config = AgentConfig.load(agentArgs, Map.of(), Map.of());
        assertEquals("http://169.254.169.254", config.endpoint());
        assertEquals("169.254.169.254", config.endpointHost());
        assertEquals(80, config.endpointPort());
        assertEquals(ImdsV1Mode.UPGRADE, config.imdsv1());
        assertEquals(SelfAssumeMode.BLOCK, config.selfAssume());
        assertEquals(21600, config.tokenTtlSeconds());
        assertEquals(15 * 60_000L, config.refreshAheadMillis());
        assertEquals(1000L, config.timeoutMillis());
        assertEquals(3, config.attempts());
        assertEquals("off", config.events());
        assertEquals(LogLevel.INFO, config.log());
        assertFalse(config.credentialsDisabled());
        assertEquals(JmxMode.ON, config.jmx());
    }

    static Stream<Arguments> everyKey() {
        return Stream.of(
                arguments("endpoint", "http://127.0.0.1:1338", get(AgentConfig::endpoint), "http://127.0.0.1:1338"),
                arguments("imdsv1", "block", get(AgentConfig::imdsv1), ImdsV1Mode.BLOCK),
                arguments("imdsv1", "allow", get(AgentConfig::imdsv1), ImdsV1Mode.ALLOW),
                arguments("imdsv1", "Upgrade", get(AgentConfig::imdsv1), ImdsV1Mode.UPGRADE),
                arguments("self-assume", "short-circuit", get(AgentConfig::selfAssume), SelfAssumeMode.SHORT_CIRCUIT),
                arguments("self-assume", "ALLOW", get(AgentConfig::selfAssume), SelfAssumeMode.ALLOW),
                arguments("self-assume", "block", get(AgentConfig::selfAssume), SelfAssumeMode.BLOCK),
                arguments("token-ttl", "60", get(AgentConfig::tokenTtlSeconds), 60),
                arguments("refresh-ahead", "900s", get(AgentConfig::refreshAheadMillis), 900_000L),
                arguments("timeout", "250ms", get(AgentConfig::timeoutMillis), 250L),
                arguments("attempts", "7", get(AgentConfig::attempts), 7),
                arguments("events", "stderr", get(AgentConfig::events), "stderr"),
                arguments("events", "/tmp/imds-agent-events.jsonl", get(AgentConfig::events), "/tmp/imds-agent-events.jsonl"),
                arguments("events", "OFF", get(AgentConfig::events), "off"),
                arguments("log", "off", get(AgentConfig::log), LogLevel.OFF),
                arguments("log", "error", get(AgentConfig::log), LogLevel.ERROR),
                arguments("log", "warn", get(AgentConfig::log), LogLevel.WARN),
                arguments("log", "info", get(AgentConfig::log), LogLevel.INFO),
                arguments("log", "DEBUG", get(AgentConfig::log), LogLevel.DEBUG),
                arguments("jmx", "off", get(AgentConfig::jmx), JmxMode.OFF),
                arguments("jmx", "ON", get(AgentConfig::jmx), JmxMode.ON));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("everyKey")
    void everyKeyIsReadFromEverySource(String key, String value, Function<AgentConfig, Object> getter, Object expected)
            throws ConfigException {
        for (Source source : Source.values()) {
            assertEquals(expected, getter.apply(source.load(key, value)), source.name());
            // whitespace around a value is not part of it
            assertEquals(expected, getter.apply(source.load(key, " " + value + " ")), source.name());
        }
    }

    static Stream<Arguments> threeValuesOfEveryKey() {
        return Stream.of(
                arguments("endpoint", new String[] {"http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3"},
                        get(AgentConfig::endpoint), new Object[] {"http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3"}),
                arguments("imdsv1", new String[] {"block", "allow", "upgrade"},
                        get(AgentConfig::imdsv1), new Object[] {ImdsV1Mode.BLOCK, ImdsV1Mode.ALLOW, ImdsV1Mode.UPGRADE}),
                arguments("self-assume", new String[] {"allow", "short-circuit", "block"}, get(AgentConfig::selfAssume),
                        new Object[] {SelfAssumeMode.ALLOW, SelfAssumeMode.SHORT_CIRCUIT, SelfAssumeMode.BLOCK}),
                arguments("token-ttl", new String[] {"1", "2", "3"}, get(AgentConfig::tokenTtlSeconds), new Object[] {1, 2, 3}),
                arguments("refresh-ahead", new String[] {"1m", "2m", "3m"},
                        get(AgentConfig::refreshAheadMillis), new Object[] {60_000L, 120_000L, 180_000L}),
                arguments("timeout", new String[] {"1s", "2s", "3s"},
                        get(AgentConfig::timeoutMillis), new Object[] {1000L, 2000L, 3000L}),
                arguments("attempts", new String[] {"4", "5", "6"}, get(AgentConfig::attempts), new Object[] {4, 5, 6}),
                arguments("events", new String[] {"stderr", "/tmp/a", "/tmp/b"},
                        get(AgentConfig::events), new Object[] {"stderr", "/tmp/a", "/tmp/b"}),
                arguments("log", new String[] {"debug", "warn", "error"},
                        get(AgentConfig::log), new Object[] {LogLevel.DEBUG, LogLevel.WARN, LogLevel.ERROR}),
                arguments("jmx", new String[] {"off", "on", "off"}, get(AgentConfig::jmx),
                        new Object[] {JmxMode.OFF, JmxMode.ON, JmxMode.OFF}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("threeValuesOfEveryKey")
    void agentArgumentBeatsSystemPropertyBeatsEnvironment(String key, String[] values,
                                                          Function<AgentConfig, Object> getter, Object[] expected)
            throws ConfigException {
        Inputs all = inputs().set(Source.AGENT_ARGUMENT, key, values[0])
                .set(Source.SYSTEM_PROPERTY, key, values[1]).set(Source.ENVIRONMENT, key, values[2]);
        assertEquals(expected[0], getter.apply(all.load()));

        Inputs propertyAndEnvironment = inputs().set(Source.SYSTEM_PROPERTY, key, values[1])
                .set(Source.ENVIRONMENT, key, values[2]);
        assertEquals(expected[1], getter.apply(propertyAndEnvironment.load()));
    }

    /** A typo beside an override is refused, not left to take effect the day the override goes. */
    @ParameterizedTest
    @CsvSource({
            "imdsv1, block, blokc",
            "self-assume, allow, alow",
            "timeout, 2s, 2 seconds",
            "attempts, 2, 20",
            "events, stderr, /nonexistent-imds-agent-dir/x.jsonl",
    })
    void aBadValueIsRefusedEvenWhereAHigherSourceWins(String key, String good, String bad) {
        String environment = "environment variable IMDS_AGENT_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
        String message = inputs().set(Source.AGENT_ARGUMENT, key, good).set(Source.ENVIRONMENT, key, bad).error();
        assertTrue(message.startsWith("imds-agent: ") && message.contains("'" + key + "'")
                && message.contains(environment), message);
        message = inputs().set(Source.AGENT_ARGUMENT, key, good).set(Source.SYSTEM_PROPERTY, key, bad).error();
        assertTrue(message.contains("system property imds.agent." + key), message);
    }

    /** The AWS SDKs' own settings are the SDKs' to judge: the agent reads them only where it has no option of its own. */
    @Test
    void anAwsSettingBesideTheAgentsOwnOptionIsNotRead() throws ConfigException {
        assertEquals(2000L, inputs().set(Source.AGENT_ARGUMENT, "timeout", "2s")
                .env("AWS_METADATA_SERVICE_TIMEOUT", "soon").load().timeoutMillis());
    }

    /** Two agents in one JVM: the first runs; a later one may repeat or leave out options, never change one. */
    @Test
    void aLaterAgentMayOnlyRepeatTheOptionsInForce() throws ConfigException {
        AgentConfig first = AgentConfig.load("log=warn", Map.of(), Map.of());
        first.checkLaterAgent(null, AgentConfig.load(null, Map.of(), Map.of()));
        first.checkLaterAgent("imdsv1=upgrade,log=WARN", AgentConfig.load("imdsv1=upgrade,log=WARN", Map.of(), Map.of()));
        String message = assertThrows(ConfigException.class, () -> first.checkLaterAgent("imdsv1=block,log=warn,timeout=2s",
                AgentConfig.load("imdsv1=block,log=warn,timeout=2s", Map.of(), Map.of()))).getMessage();
        assertTrue(message.startsWith("imds-agent: the agent is started twice in this JVM"), message);
        assertTrue(message.contains("asks for imdsv1=block (in force: imdsv1=upgrade), timeout=2s (in force: timeout=1s)."),
                message);
    }

    /** The file is opened on the first event; one that can never be written is refused at start instead. */
    @Test
    void anEventsFileThatCannotBeWrittenIsRefused(@TempDir Path directory) throws Exception {
        String missing = inputs().set(Source.AGENT_ARGUMENT, "events", "/missing/dir/x.jsonl").error();
        assertEquals("imds-agent: option 'events' (from the agent argument) names '/missing/dir/x.jsonl', which is in"
                + " a directory that does not exist; name a file this process can append to, or stderr or off", missing);
        String aDirectory = inputs().set(Source.AGENT_ARGUMENT, "events", directory.toString()).error();
        assertTrue(aDirectory.contains("which is a directory"), aDirectory);
        Path file = directory.resolve("events.jsonl");
        assertEquals(file.toString(), inputs().set(Source.AGENT_ARGUMENT, "events", file.toString()).load().events());
        Files.writeString(file, "");
        assertEquals(file.toString(), inputs().set(Source.AGENT_ARGUMENT, "events", file.toString()).load().events());
    }

    // --- AWS standard settings

    @Test
    void endpointComesFromTheAwsSettingWhenTheAgentHasNone() throws ConfigException {
        assertEquals("http://127.0.0.1:9", inputs().env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/")
                .load().endpoint());
        assertEquals("http://127.0.0.1:8", inputs().env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")
                .property("aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:8").load().endpoint());
        assertEquals("http://127.0.0.1:7", inputs().property("aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:8")
                .set(Source.ENVIRONMENT, "endpoint", "http://127.0.0.1:7").load().endpoint());
    }

    @ParameterizedTest
    @CsvSource({
            "IPv4, http://169.254.169.254, 169.254.169.254",
            "ipv4, http://169.254.169.254, 169.254.169.254",
            "IPv6, http://[fd00:ec2::254], fd00:ec2::254",
            "IPV6, http://[fd00:ec2::254], fd00:ec2::254",
    })
    void endpointModeChoosesTheAddressFamily(String mode, String endpoint, String host) throws ConfigException {
        for (Inputs withMode : new Inputs[] {inputs().env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", mode),
                inputs().property("aws.ec2MetadataServiceEndpointMode", mode)}) {
            AgentConfig config = withMode.load();
            assertEquals(endpoint, config.endpoint());
            assertEquals(host, config.endpointHost());
            assertEquals(80, config.endpointPort());
        }
    }

    @Test
    void endpointModeIsUnusedWhenAnEndpointIsGiven() throws ConfigException {
        assertEquals("http://127.0.0.1:9", inputs().env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9").load().endpoint());
        assertEquals("http://127.0.0.1:9", inputs().env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")
                .set(Source.AGENT_ARGUMENT, "endpoint", "http://127.0.0.1:9").load().endpoint());
    }

    @Test
    void badEndpointModeNamesTheSetting() {
        assertEquals("imds-agent: bad value 'IPv5' for option 'endpoint' (from environment variable"
                        + " AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE); accepted: IPv4, IPv6",
                inputs().env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5").error());
    }

    @ParameterizedTest
    @CsvSource({"2, 2000", "0.5, 500", "1.25, 1250", "60, 60000", "750ms, 750"})
    void timeoutComesFromTheAwsSettingInSeconds(String seconds, long millis) throws ConfigException {
        assertEquals(millis, inputs().env("AWS_METADATA_SERVICE_TIMEOUT", seconds).load().timeoutMillis());
        assertEquals(millis, inputs().property("aws.ec2MetadataServiceTimeout", seconds).load().timeoutMillis());
        assertEquals(3000L, inputs().env("AWS_METADATA_SERVICE_TIMEOUT", seconds)
                .set(Source.ENVIRONMENT, "timeout", "3s").load().timeoutMillis());
    }

    @Test
    void attemptsComeFromTheAwsSetting() throws ConfigException {
        assertEquals(5, inputs().env("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "5").load().attempts());
        assertEquals(2, inputs().env("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "5")
                .set(Source.SYSTEM_PROPERTY, "attempts", "2").load().attempts());
    }

    @ParameterizedTest
    @CsvSource({
            "AWS_METADATA_SERVICE_TIMEOUT, soon, timeout",
            "AWS_METADATA_SERVICE_TIMEOUT, 61, timeout",
            "AWS_METADATA_SERVICE_TIMEOUT, 0, timeout",
            "AWS_METADATA_SERVICE_NUM_ATTEMPTS, 0, attempts",
            "AWS_METADATA_SERVICE_NUM_ATTEMPTS, 11, attempts",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT, 169.254.169.254, endpoint",
    })
    void badAwsSettingNamesTheOptionAndTheVariable(String variable, String value, String key) {
        String message = inputs().env(variable, value).error();
        assertTrue(message.startsWith("imds-agent: bad value '" + value + "' for option '" + key
                + "' (from environment variable " + variable + "); accepted: "), message);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "true, null, true", "TRUE, null, true", "True, null, true", "' true ', null, true",
            "false, null, false", "1, null, false", "yes, null, false", "null, null, false",
            "null, true, true", "null, tRuE, true", "null, false, false",
            "false, true, true", "true, false, false",
    })
    void awsMetadataDisabledTurnsCredentialServingOff(String environment, String property, boolean disabled)
            throws ConfigException {
        Inputs inputs = inputs();
        if (environment != null) {
            inputs.env("AWS_EC2_METADATA_DISABLED", environment);
        }
        if (property != null) {
            inputs.property("aws.disableEc2Metadata", property);
        }
        assertEquals(disabled, inputs.load().credentialsDisabled());
    }

    // --- values

    @ParameterizedTest
    @CsvSource({
            "900s, 900000", "15m, 900000", "1h, 3600000", "6h, 21600000", "250ms, 250", "2, 2000",
            "0.5, 500", "1.5m, 90000", "1ms, 1", "0.0001, 1",
    })
    void durations(String text, long millis) throws ConfigException {
        assertEquals(millis, Source.AGENT_ARGUMENT.load("refresh-ahead", text).refreshAheadMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "0.0ms", "-1s", "1d", "s", "", "1 s", "abc", "1e3", "6h1ms", "361m",
            "99999999999999h", "1.5.0s", "PT1S"})
    void refreshAheadOutsideItsRangeOrMalformed(String text) {
        assertEquals("imds-agent: bad value '" + text + "' for option 'refresh-ahead' (from the agent argument);"
                        + " accepted: a duration above 0 and up to 6h: a number with unit ms, s, m or h, or a number of seconds",
                inputs().set(Source.AGENT_ARGUMENT, "refresh-ahead", text).error());
    }

    @ParameterizedTest
    @CsvSource({"60s, 60000", "1m, 60000", "1ms, 1"})
    void timeoutUpToOneMinute(String text, long millis) throws ConfigException {
        assertEquals(millis, Source.AGENT_ARGUMENT.load("timeout", text).timeoutMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"61s", "60001ms", "2m", "0", "0ms"})
    void timeoutOutsideItsRange(String text) {
        assertTrue(inputs().set(Source.AGENT_ARGUMENT, "timeout", text).error()
                .endsWith("accepted: a duration above 0 and up to 1m: a number with unit ms, s, m or h, or a number of seconds"));
    }

    @ParameterizedTest
    @CsvSource({"token-ttl, 1", "token-ttl, 21600", "attempts, 1", "attempts, 10"})
    void wholeNumbersAtTheirBounds(String key, int number) throws ConfigException {
        AgentConfig config = Source.AGENT_ARGUMENT.load(key, String.valueOf(number));
        assertEquals(number, key.equals("attempts") ? config.attempts() : config.tokenTtlSeconds());
    }

    @ParameterizedTest
    @CsvSource({
            "token-ttl, 0, 1, 21600", "token-ttl, 21601, 1, 21600", "token-ttl, -1, 1, 21600",
            "token-ttl, 1.5, 1, 21600", "token-ttl, 6h, 1, 21600", "token-ttl, 99999999999, 1, 21600",
            "attempts, 0, 1, 10", "attempts, 11, 1, 10", "attempts, three, 1, 10",
    })
    void wholeNumbersOutsideTheirBounds(String key, String text, int min, int max) {
        assertEquals("imds-agent: bad value '" + text + "' for option '" + key + "' (from the agent argument);"
                        + " accepted: a whole number from " + min + " to " + max,
                inputs().set(Source.AGENT_ARGUMENT, key, text).error());
    }

    @ParameterizedTest
    @CsvSource({
            "http://169.254.169.254, http://169.254.169.254, 169.254.169.254, 80",
            "http://169.254.169.254/, http://169.254.169.254, 169.254.169.254, 80",
            "HTTP://LocalHost:1338, http://localhost:1338, localhost, 1338",
            "http://127.0.0.1:1338/, http://127.0.0.1:1338, 127.0.0.1, 1338",
            "https://imds.example:8443, https://imds.example:8443, imds.example, 8443",
            "https://imds.example, https://imds.example, imds.example, 443",
            "http://[fd00:ec2::254], http://[fd00:ec2::254], fd00:ec2::254, 80",
            "http://[FD00:EC2::254]:8080/, http://[fd00:ec2::254]:8080, fd00:ec2::254, 8080",
            "http://[::1]:1338, http://[::1]:1338, ::1, 1338",
    })
    void endpoints(String text, String endpoint, String host, int port) throws ConfigException {
        AgentConfig config = Source.AGENT_ARGUMENT.load("endpoint", text);
        assertEquals(endpoint, config.endpoint());
        assertEquals(host, config.endpointHost());
        assertEquals(port, config.endpointPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "localhost:1338", "ftp://169.254.169.254", "http://", "http:///latest",
            "http://169.254.169.254/latest", "http://169.254.169.254/latest/", "http://h?x=1", "http://h#f",
            "http://user@h", "http://h:0", "http://h:65536", "http://h:99999", "http://a b", "", "http://under_score",
            "file:/etc/passwd", "//169.254.169.254"})
    void endpointsThatAreNotABaseUrl(String text) {
        assertEquals("imds-agent: bad value '" + text + "' for option 'endpoint' (from the agent argument);"
                        + " accepted: an http or https URL with a host, an optional port and no path,"
                        + " such as http://169.254.169.254 or http://[fd00:ec2::254]:80",
                inputs().set(Source.AGENT_ARGUMENT, "endpoint", text).error());
    }

    @Test
    void eventsNeedsATarget() {
        assertEquals("imds-agent: bad value '' for option 'events' (from system property imds.agent.events);"
                        + " accepted: stderr, off, or the path of a file to append JSON lines to",
                inputs().set(Source.SYSTEM_PROPERTY, "events", " ").error());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments("imdsv1", "sometimes", "upgrade, block, allow"),
                arguments("imdsv1", "", "upgrade, block, allow"),
                arguments("self-assume", "short_circuit", "block, short-circuit, allow"),
                arguments("log", "trace", "off, error, warn, info, debug"),
                arguments("jmx", "yes", "on, off"),
                arguments("token-ttl", "0", "a whole number from 1 to 21600"),
                arguments("attempts", "11", "a whole number from 1 to 10"),
                arguments("refresh-ahead", "7h", "a duration above 0 and up to 6h: a number with unit ms, s, m or h, or a number of seconds"),
                arguments("timeout", "forever", "a duration above 0 and up to 1m: a number with unit ms, s, m or h, or a number of seconds"),
                arguments("endpoint", "http://x/y", "an http or https URL with a host, an optional port and no path,"
                        + " such as http://169.254.169.254 or http://[fd00:ec2::254]:80"),
                arguments("events", "", "stderr, off, or the path of a file to append JSON lines to"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void badValueNamesTheOptionItsSourceAndWhatIsAccepted(String key, String value, String accepted) {
        for (Source source : Source.values()) {
            assertEquals("imds-agent: bad value '" + value + "' for option '" + key + "' (from " + source.origin(key)
                    + "); accepted: " + accepted, inputs().set(source, key, value).error());
        }
    }

    @Test
    void errorIsOneLineWhateverTheValueHolds() {
        String message = inputs().set(Source.ENVIRONMENT, "imdsv1", "block\nimds-agent: all is well\u2028x").error();
        assertEquals("imds-agent: bad value 'block\\u000aimds-agent: all is well\\u2028x' for option 'imdsv1'"
                + " (from environment variable IMDS_AGENT_IMDSV1); accepted: upgrade, block, allow", message);
    }

    // --- keys

    @ParameterizedTest
    @CsvSource({
            "foo=1, foo",
            "'imdsv1=block,self_assume=allow', self_assume",
            "IMDSV1=block, IMDSV1",
            "token_ttl=5, token_ttl",
    })
    void unknownKeyInTheAgentArgument(String agentArgs, String key) {
        assertEquals("imds-agent: unknown option '" + key + "' (from the agent argument); known options: " + KNOWN,
                assertThrows(ConfigException.class, () -> AgentConfig.load(agentArgs, Map.of(), Map.of())).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"imds.agent.foo", "imds.agent.self_assume", "imds.agent.IMDSV1", "imds.agent.", "imds.agent.log.level"})
    void unknownSystemProperty(String name) {
        assertEquals("imds-agent: unknown option '" + name.substring("imds.agent.".length()) + "' (from system property "
                + name + "); known options: " + KNOWN, inputs().property(name, "x").error());
    }

    @ParameterizedTest
    @CsvSource({
            "IMDS_AGENT_FOO, foo",
            "IMDS_AGENT_SELFASSUME, selfassume",
            "IMDS_AGENT_imdsv1, imdsv1",
            "IMDS_AGENT_TOKEN_TTL_SECONDS, token-ttl-seconds",
    })
    void unknownEnvironmentVariable(String name, String key) {
        assertEquals("imds-agent: unknown option '" + key + "' (from environment variable " + name
                + "); known options: " + KNOWN, inputs().env(name, "x").error());
    }

    @Test
    void unknownKeyIsAnErrorEvenWhenItsValueWouldBeUnused() {
        Inputs inputs = inputs().set(Source.AGENT_ARGUMENT, "imdsv1", "block").property("imds.agent.imdsv2", "block");
        assertTrue(inputs.error().startsWith("imds-agent: unknown option 'imdsv2' (from system property imds.agent.imdsv2)"));
    }

    @Test
    void otherPropertiesAndVariablesAreNotOptions() throws ConfigException {
        AgentConfig config = inputs().property("imds.agentx", "1").property("imds.test.agentJar", "/x")
                .property("java.home", "/jdk").env("IMDS_AGENTS", "1").env("IMDS_AGENT", "1").env("PATH", "/bin")
                .load();
        assertEquals(ImdsV1Mode.UPGRADE, config.imdsv1());
    }

    @ParameterizedTest
    @ValueSource(strings = {"imdsv1", "imdsv1=block,log", "=block", " = block", "log=debug,imdsv1 block"})
    void pairWithoutKeyOrEqualsSign(String agentArgs) {
        String message = assertThrows(ConfigException.class, () -> AgentConfig.load(agentArgs, Map.of(), Map.of()))
                .getMessage();
        assertTrue(message.startsWith("imds-agent: malformed option '"), message);
        assertTrue(message.endsWith("' in the agent argument; write key=value pairs separated by commas,"
                + " such as imdsv1=block,log=debug"), message);
    }

    @Test
    void malformedPairIsNamed() {
        assertEquals("imds-agent: malformed option 'log' in the agent argument; write key=value pairs separated"
                        + " by commas, such as imdsv1=block,log=debug",
                assertThrows(ConfigException.class, () -> AgentConfig.load("imdsv1=block, log ", Map.of(), Map.of()))
                        .getMessage());
    }

    @Test
    void duplicateKeyInTheAgentArgument() {
        assertEquals("imds-agent: option 'imdsv1' is given twice in the agent argument; give each option once",
                assertThrows(ConfigException.class,
                        () -> AgentConfig.load("imdsv1=block,log=debug, imdsv1 =allow", Map.of(), Map.of())).getMessage());
    }

    @Test
    void agentArgumentToleratesWhitespaceAndEmptyPairs() throws ConfigException {
        AgentConfig config = AgentConfig.load(" imdsv1 = block ,, log=debug , events=/tmp/a=b.jsonl,", Map.of(), Map.of());
        assertEquals(ImdsV1Mode.BLOCK, config.imdsv1());
        assertEquals(LogLevel.DEBUG, config.log());
        assertEquals("/tmp/a=b.jsonl", config.events());
    }

    // --- the rest

    @Test
    void toStringListsEveryEffectiveSettingOnOneLine() throws ConfigException {
        assertEquals("endpoint=http://169.254.169.254, imdsv1=upgrade, self-assume=block, token-ttl=21600,"
                + " refresh-ahead=15m, timeout=1s, attempts=3, events=off, log=info, jmx=on, credentials-disabled=false",
                AgentConfig.load(null, Map.of(), Map.of()).toString());
        assertEquals("endpoint=http://[fd00:ec2::254]:81, imdsv1=block, self-assume=short-circuit, token-ttl=60,"
                + " refresh-ahead=90s, timeout=250ms, attempts=1, events=stderr, log=debug, jmx=on, credentials-disabled=true",
                AgentConfig.load("endpoint=http://[fd00:ec2::254]:81/,imdsv1=block,self-assume=short-circuit,token-ttl=60,"
                        + "refresh-ahead=1.5m,timeout=250ms,attempts=1,events=stderr,log=debug",
                        Map.of(), Map.of("AWS_EC2_METADATA_DISABLED", "true")).toString());
    }

    @Test
    void loadFromSystemReadsThisJvmsSystemProperties() throws ConfigException {
        System.setProperty("imds.agent.self-assume", "short-circuit");
        try {
            AgentConfig config = AgentConfig.loadFromSystem("imdsv1=allow");
            assertEquals(ImdsV1Mode.ALLOW, config.imdsv1());
            assertEquals(SelfAssumeMode.SHORT_CIRCUIT, config.selfAssume());
        } finally {
            System.clearProperty("imds.agent.self-assume");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "OFF, ERROR, false", "OFF, DEBUG, false",
            "ERROR, ERROR, true", "ERROR, WARN, false",
            "WARN, ERROR, true", "WARN, WARN, true", "WARN, INFO, false",
            "INFO, WARN, true", "INFO, INFO, true", "INFO, DEBUG, false",
            "DEBUG, ERROR, true", "DEBUG, DEBUG, true",
            "DEBUG, OFF, false", "INFO, OFF, false",
    })
    void logLevelEnablesItselfAndWhatIsMoreSevere(LogLevel configured, LogLevel message, boolean enabled) {
        assertEquals(enabled, configured.enables(message));
    }
}
