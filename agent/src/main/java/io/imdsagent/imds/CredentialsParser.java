package io.imdsagent.imds;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads IMDS's JSON documents. Errors name the field and never quote the body, which holds secrets.
 */
public final class CredentialsParser {

    private CredentialsParser() {
    }

    /** The credentials document of {@code iam/security-credentials/ROLE}; {@code Code} must be {@code Success}. */
    public static Credentials parseCredentials(String body) throws ImdsException {
        Map<String, String> root = readObject(body, "credentials");
        String code = text(root, "Code");
        if (!"Success".equals(code)) {
            throw bad("IMDS credentials document has Code '" + printable(code) + "', not 'Success';"
                    + " the instance profile may be being attached or its role lacks a trust policy for EC2.");
        }
        return new Credentials(text(root, "AccessKeyId"), text(root, "SecretAccessKey"), text(root, "Token"),
                instant(root, "Expiration"), instant(root, "LastUpdated"));
    }

    /**
     * The instance profile ARN of {@code iam/info}, e.g. {@code arn:aws:iam::123456789012:instance-profile/web}.
     */
    public static String parseInstanceProfileArn(String body) throws ImdsException {
        Map<String, String> root = readObject(body, "iam/info");
        return text(root, "InstanceProfileArn");
    }

    /**
     * Parses {@code Expiration}-style times: IMDS sends {@code 2017-05-17T15:09:54Z}, read by {@link UtcTimestamp};
     * other AWS sources and proxies use {@code +0000} offsets and fractional seconds, read by java.time.
     */
    static long parseTime(String value) {
        String normalized = value.trim();
        long plain = UtcTimestamp.plainMillis(normalized);
        if (plain != UtcTimestamp.NOT_PLAIN) {
            return plain;
        }
        int length = normalized.length();
        if (length > 5 && (normalized.charAt(length - 5) == '+' || normalized.charAt(length - 5) == '-')
                && normalized.indexOf(':', length - 5) < 0) {
            normalized = normalized.substring(0, length - 2) + ":" + normalized.substring(length - 2);
        }
        return OffsetDateTime.parse(normalized).toInstant().toEpochMilli();
    }

    private static Map<String, String> readObject(String body, String what) throws ImdsException {
        try {
            return FlatJsonObject.strings(body);
        } catch (FlatJsonObject.NotJson e) {
            // says where it broke, never what was there
            throw bad("IMDS " + what + " document is not valid JSON (" + e.getMessage() + " of "
                    + body.length() + ").");
        } catch (FlatJsonObject.NotAnObject e) {
            throw bad("IMDS " + what + " document is not a JSON object.");
        }
    }

    private static String text(Map<String, String> root, String field) throws ImdsException {
        String value = root.get(field);
        if (value == null || value.isEmpty()) {
            throw bad("IMDS document lacks the text field '" + field + "'.");
        }
        return value;
    }

    private static long instant(Map<String, String> root, String field) throws ImdsException {
        String value = text(root, field);
        try {
            return parseTime(value);
        } catch (DateTimeParseException e) {
            throw bad("IMDS document field '" + field + "' is not an ISO-8601 time: '" + printable(value) + "'.");
        }
    }

    /** Only short, harmless values are echoed into messages: 40 characters, control characters as '?'. */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), 43));
        for (int i = 0; i < value.length() && i < 40; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return value.length() > 40 ? out.append("...").toString() : out.toString();
    }

    private static ImdsException bad(String message) {
        return new ImdsException(ImdsException.Kind.BAD_ANSWER, message);
    }
}
