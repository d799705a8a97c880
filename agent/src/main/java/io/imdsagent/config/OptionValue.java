package io.imdsagent.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One option's raw text and where it came from, with the parsers that turn it into a setting. Every
 * parse failure names the option, the source and what is accepted.
 */
final class OptionValue {

    private final String key;
    private final String text;
    private final String origin;

    /**
     * @param key the option this value sets
     * @param origin the source as the user wrote it: {@code the agent argument},
     *        {@code environment variable AWS_METADATA_SERVICE_TIMEOUT}
     */
    OptionValue(String key, String text, String origin) {
        this.key = key;
        this.text = text.trim();
        this.origin = origin;
    }

    String text() {
        return text;
    }

    <E extends Enum<E>> E asChoice(Class<E> type) throws ConfigException {
        E[] choices = type.getEnumConstants();
        for (E choice : choices) {
            if (Option.spelling(choice).equalsIgnoreCase(text)) {
                return choice;
            }
        }
        throw bad(Option.spellings(choices));
    }

    int asWholeNumber(int min, int max) throws ConfigException {
        if (Patterns.WHOLE_NUMBER.matcher(text).matches()) {
            int number = Integer.parseInt(text);
            if (number >= min && number <= max) {
                return number;
            }
        }
        throw bad("a whole number from " + min + " to " + max);
    }

    /**
     * Milliseconds, rounded up. A bare number is seconds, as in the AWS {@code AWS_METADATA_SERVICE_TIMEOUT}
     * setting; {@code ms}, {@code s}, {@code m} and {@code h} name other units.
     */
    long asDurationMillis(long maxMillis) throws ConfigException {
        Matcher matcher = Patterns.DURATION.matcher(text);
        if (matcher.matches()) {
            BigDecimal millis = new BigDecimal(matcher.group(1))
                    .multiply(BigDecimal.valueOf(unitMillis(matcher.group(2))))
                    .setScale(0, RoundingMode.CEILING);
            if (millis.signum() > 0 && millis.compareTo(BigDecimal.valueOf(maxMillis)) <= 0) {
                return millis.longValue();
            }
        }
        throw bad("a duration above 0 and up to " + Durations.format(maxMillis)
                + ": a number with unit ms, s, m or h, or a number of seconds");
    }

    private static long unitMillis(String unit) {
        if (unit == null || unit.equals("s")) {
            return 1000L;
        }
        if (unit.equals("ms")) {
            return 1L;
        }
        return unit.equals("m") ? 60000L : 3600000L;
    }

    /** The URL normalised to {@code scheme://host[:port]}: lower-case scheme, no trailing slash. */
    URI asEndpoint() throws ConfigException {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath();
            boolean valid = (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && (path == null || path.isEmpty() || path.equals("/"))
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getPort() != 0 && uri.getPort() <= 65535;
            if (valid) {
                String host = uri.getHost().toLowerCase(Locale.ROOT);
                return new URI(scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
            }
        } catch (URISyntaxException malformed) {
            // reported below with what is accepted
        }
        throw bad("an http or https URL with a host, an optional port and no path,"
                + " such as http://169.254.169.254 or http://[fd00:ec2::254]:80");
    }

    /** A well-formed value that names something unusable here, such as a file that cannot be written. */
    ConfigException unusable(String why) {
        return new ConfigException("option '" + key + "' (from " + origin + ") names " + ConfigException.quote(text)
                + ", which " + why);
    }

    ConfigException bad(String accepted) {
        return new ConfigException("bad value " + ConfigException.quote(text) + " for option '" + key
                + "' (from " + origin + "); accepted: " + accepted);
    }

    /** Compiled on first use: premain reads options in every JVM, and most set no number or duration. */
    private static final class Patterns {
        static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,9}");
        static final Pattern DURATION = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(ms|s|m|h)?");
    }
}
