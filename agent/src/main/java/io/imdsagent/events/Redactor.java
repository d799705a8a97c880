package io.imdsagent.events;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that keeps secrets out of log lines and events. It replaces every secret it has been told
 * about, and anything that looks like a secret in JSON, XML or header form, with {@value #REDACTED}.
 * Thread-safe; {@link #scrub} costs a few {@code indexOf} calls when the text holds nothing to hide.
 */
public final class Redactor {
    public static final String REDACTED = "<redacted>";

    // Credentials rotate about hourly, each time with two secrets: this covers a day of rotations and
    // stays bounded however long the JVM runs.
    private static final int DEFAULT_CAPACITY = 64;

    private final int capacity;
    private final ArrayDeque<String> recent = new ArrayDeque<String>(); // guarded by this
    private volatile String[] longestFirst = new String[0];

    public Redactor() {
        this(DEFAULT_CAPACITY);
    }

    /** Remembers at most {@code capacity} secrets, forgetting the oldest first. */
    Redactor(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers a secret so that {@link #scrub} hides it from now on. Null and empty are ignored. */
    public void register(String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        synchronized (this) {
            recent.remove(secret);
            recent.addLast(secret);
            while (recent.size() > capacity) {
                recent.removeFirst();
            }
            longestFirst = withEncodedForms(recent);
        }
    }

    /** The text with every registered secret and every secret-looking value replaced; null stays null. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String secret : longestFirst) {
            if (scrubbed.contains(secret)) {
                scrubbed = scrubbed.replace(secret, REDACTED);
            }
        }
        if (containsIgnoreCase(scrubbed, "secret") || containsIgnoreCase(scrubbed, "token")) {
            scrubbed = SecretPatterns.JSON_FIELD.matcher(scrubbed).replaceAll("$1" + REDACTED);
            scrubbed = SecretPatterns.XML_ELEMENT.matcher(scrubbed).replaceAll("$1" + REDACTED);
            scrubbed = SecretPatterns.HEADER_OR_ASSIGNMENT.matcher(scrubbed).replaceAll("$1" + REDACTED);
        }
        return scrubbed;
    }

    private static String[] withEncodedForms(ArrayDeque<String> secrets) {
        Set<String> forms = new HashSet<String>();
        for (String secret : secrets) {
            forms.add(secret);
            // the form it takes in a query string, such as a presigned URL's X-Amz-Security-Token
            forms.add(urlEncoded(secret));
        }
        String[] sorted = forms.toArray(new String[0]);
        // longest first, so a secret that contains another is replaced whole
        Arrays.sort(sorted, new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                return b.length() - a.length();
            }
        });
        return sorted;
    }

    private static String urlEncoded(String secret) {
        try {
            return URLEncoder.encode(secret, "UTF-8");
        } catch (UnsupportedEncodingException impossible) {
            throw new AssertionError("every JVM supports UTF-8", impossible);
        }
    }

    private static boolean containsIgnoreCase(String text, String word) {
        for (int i = 0, last = text.length() - word.length(); i <= last; i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** Compiled on first use: the agent's log is made at premain in every JVM, and most never scrub a line. */
    private static final class SecretPatterns {
        static final int FLAGS = Pattern.CASE_INSENSITIVE;
        // "SecretAccessKey" : "...", "Token":"...", "aws_session_token": "..." (a cut-off value too)
        static final Pattern JSON_FIELD = Pattern.compile(
                "(\"[\\w.-]*(?:secret|token)[\\w.-]*\"\\s*:\\s*\")(?:[^\"\\\\]++|\\\\.)*+", FLAGS);
        // <SecretAccessKey>...</SecretAccessKey>, <SessionToken>... as in STS responses
        static final Pattern XML_ELEMENT = Pattern.compile(
                "(<[\\w:.-]*(?:secret|token)[\\w.-]*\\s*>)[^<]*", FLAGS);
        // X-aws-ec2-metadata-token: ..., X-Amz-Security-Token=..., {x-amz-security-token=[...]},
        // aws.secretAccessKey=..., aws_session_token = ...
        // Bare "token" is left out: "token: PUT returned 403" is a message, not a secret.
        static final Pattern HEADER_OR_ASSIGNMENT = Pattern.compile(
                "((?<![\\w-])(?:x-aws-ec2-metadata-token|x-amz-security-token"
                        + "|(?:aws[-_.]?)?secret[-_]?(?:access[-_]?)?key|(?:aws[-_.]?)?session[-_]?token)(?![\\w-])"
                        + "[\"']?\\s*[:=]\\s*\\[?[\"']?)[^\\s,;&\"'\\])}<>]+", FLAGS);
    }
}
