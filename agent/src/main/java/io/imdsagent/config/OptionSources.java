package io.imdsagent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where an option's value comes from, by precedence: agent argument, {@code imds.agent.KEY} system
 * property, {@code IMDS_AGENT_KEY} environment variable; then the AWS standard settings. An unknown key in
 * any of the agent's own sources is an error, so a misspelt security option never goes silently unused; so
 * is a bad value in any of them, even where a source of higher precedence wins (see {@link #every}).
 */
final class OptionSources {
    static final String AGENT_ARGUMENT = "the agent argument";

    private final Map<String, String> agentArguments;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;

    private OptionSources(Map<String, String> agentArguments, Map<String, String> systemProperties,
                          Map<String, String> environment) {
        this.agentArguments = agentArguments;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** Parses the agent argument and rejects any unknown key in the agent's own sources. */
    static OptionSources read(String agentArgs, Map<String, String> systemProperties,
                              Map<String, String> environment) throws ConfigException {
        Map<String, String> agentArguments = parseAgentArguments(agentArgs);
        for (String name : sorted(systemProperties.keySet(), Option.SYSTEM_PROPERTY_PREFIX)) {
            String key = name.substring(Option.SYSTEM_PROPERTY_PREFIX.length());
            if (Option.forKey(key) == null) {
                throw unknown(key, "system property " + name);
            }
        }
        for (String name : sorted(environment.keySet(), Option.ENVIRONMENT_PREFIX)) {
            if (!isOptionVariable(name)) {
                String key = name.substring(Option.ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
                throw unknown(key, "environment variable " + name);
            }
        }
        return new OptionSources(agentArguments, systemProperties, environment);
    }

    /** The option's value from the agent's own sources, or null when none sets it. */
    OptionValue find(Option option) {
        String key = option.key();
        if (agentArguments.containsKey(key)) {
            return new OptionValue(key, agentArguments.get(key), AGENT_ARGUMENT);
        }
        return findSetting(option, option.systemProperty(), option.environmentVariable());
    }

    /**
     * Every value the agent's own sources give {@code option}, highest precedence first: the first one wins,
     * the others are checked all the same, so that a typo beside an override is refused rather than lying in
     * wait for the day the override goes.
     */
    List<OptionValue> every(Option option) {
        List<OptionValue> values = new ArrayList<OptionValue>(3);
        String key = option.key();
        if (agentArguments.containsKey(key)) {
            values.add(new OptionValue(key, agentArguments.get(key), AGENT_ARGUMENT));
        }
        String property = systemProperties.get(option.systemProperty());
        if (property != null) {
            values.add(new OptionValue(key, property, "system property " + option.systemProperty()));
        }
        String variable = environment.get(option.environmentVariable());
        if (variable != null) {
            values.add(new OptionValue(key, variable, "environment variable " + option.environmentVariable()));
        }
        return values;
    }

    /**
     * The value of a system property or else an environment variable that feeds {@code option}, or null.
     * Used for the AWS standard settings too; there the system property wins as in the AWS SDK for Java v2.
     *
     * @param systemProperty null for a setting that only the environment holds
     */
    OptionValue findSetting(Option option, String systemProperty, String environmentVariable) {
        String property = systemProperty == null ? null : systemProperties.get(systemProperty);
        if (property != null) {
            return new OptionValue(option.key(), property, "system property " + systemProperty);
        }
        String variable = environment.get(environmentVariable);
        if (variable != null) {
            return new OptionValue(option.key(), variable, "environment variable " + environmentVariable);
        }
        return null;
    }

    /** A standard setting that feeds no option, or null. */
    String standardSetting(String systemProperty, String environmentVariable) {
        String value = systemProperties.get(systemProperty);
        return value != null ? value : environment.get(environmentVariable);
    }

    /** The keys an agent argument gives, in its order. */
    static Set<String> agentArgumentKeys(String agentArgs) throws ConfigException {
        return parseAgentArguments(agentArgs).keySet();
    }

    private static Map<String, String> parseAgentArguments(String agentArgs) throws ConfigException {
        Map<String, String> parsed = new LinkedHashMap<String, String>();
        if (agentArgs == null) {
            return parsed;
        }
        for (String token : agentArgs.split(",", -1)) {
            String pair = token.trim();
            if (pair.isEmpty()) {
                continue; // "log=debug," is harmless
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException("malformed option " + ConfigException.quote(pair) + " in " + AGENT_ARGUMENT
                        + "; write key=value pairs separated by commas, such as imdsv1=block,log=debug");
            }
            String key = pair.substring(0, equals).trim();
            if (Option.forKey(key) == null) {
                throw unknown(key, AGENT_ARGUMENT);
            }
            if (parsed.containsKey(key)) {
                throw new ConfigException("option '" + key + "' is given twice in " + AGENT_ARGUMENT
                        + "; give each option once");
            }
            parsed.put(key, pair.substring(equals + 1));
        }
        return parsed;
    }

    private static boolean isOptionVariable(String name) {
        for (Option option : Option.values()) {
            if (option.environmentVariable().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static ConfigException unknown(String key, String origin) {
        return new ConfigException("unknown option " + ConfigException.quote(key) + " (from " + origin
                + "); known options: " + Option.knownKeys());
    }

    /**
     * The names with this prefix, sorted so that, of several unknown keys, the same one is reported every time; only
     * these, since every JVM of a fleet runs this at start.
     */
    private static List<String> sorted(Collection<String> names, String prefix) {
        List<String> found = new ArrayList<String>();
        for (String name : names) {
            if (name.startsWith(prefix)) {
                found.add(name);
            }
        }
        Collections.sort(found);
        return found;
    }
}
