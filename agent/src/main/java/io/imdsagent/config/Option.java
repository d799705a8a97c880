package io.imdsagent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The option keys of the contract, in the order the usage text and error messages list them. */
enum Option {
    ENDPOINT, IMDSV1, SELF_ASSUME, TOKEN_TTL, REFRESH_AHEAD, TIMEOUT, ATTEMPTS, EVENTS, LOG, JMX;

    static final String SYSTEM_PROPERTY_PREFIX = "imds.agent.";
    static final String ENVIRONMENT_PREFIX = "IMDS_AGENT_";

    /** How a user writes the key: {@code self-assume}. */
    String key() {
        return spelling(this);
    }

    String systemProperty() {
        return SYSTEM_PROPERTY_PREFIX + key();
    }

    String environmentVariable() {
        return ENVIRONMENT_PREFIX + name();
    }

    /** The option a user's key names, or null. */
    static Option forKey(String key) {
        for (Option option : values()) {
            if (option.key().equals(key)) {
                return option;
            }
        }
        return null;
    }

    static String knownKeys() {
        return spellings(values());
    }

    /** Keys and enum values share one spelling: lower case, {@code -} for {@code _}. */
    static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String spellings(Enum<?>[] constants) {
        List<String> spelled = new ArrayList<String>();
        for (Enum<?> constant : constants) {
            spelled.add(spelling(constant));
        }
        return String.join(", ", spelled);
    }
}
