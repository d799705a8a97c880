package io.imdsagent.config;

/**
 * A bad option. The message is one line that begins {@code imds-agent:}, names the option and where it
 * came from, and lists what is accepted; the agent prints it and stops the JVM.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super("imds-agent: " + message);
    }

    /** Quotes what the user wrote, escaping control characters so the message stays one line. */
    static String quote(String userText) {
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < userText.length(); i++) {
            char c = userText.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }
}
