package io.imdsagent.testing.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of the corpus table: a payload sent by a client under an {@code imdsv1} mode, and the outcome the
 * contract expects; {@code knownGap} says why the agent does not meet it yet (empty when it should).
 */
public record CorpusRow(String id, String client, String mode, String payload, Outcome expect, String knownGap) {
    /** The table's abbreviations (none is a prefix of another). */
    private static final Map<String, String> ABBREVIATIONS = Map.of(
            "$ID", "/latest/meta-data/instance-id",
            "$AZ", "/latest/meta-data/placement/availability-zone",
            "$ROLE", "/latest/meta-data/iam/security-credentials/",
            "$REDIR", "http://127.0.0.1:" + CorpusDriver.REDIRECTOR_PORT + "/r/",
            "$PROXY", "proxy=127.0.0.1:" + CorpusDriver.PROXY_PORT,
            "$XFF", "header=X-Forwarded-For:203.0.113.9");
    private static final String JDK25 = "@jdk25";
    private static final String MODULES = "@modules";
    private static final Set<String> MODES = Set.of("upgrade", "block", "allow");

    /** Clients with a request-level hook: under block they get an IOException beginning {@code imds-agent:}. */
    private static final Set<String> HOOKED = Set.of("url-connection", "jdk-http", "okhttp", "okhttp-xff-interceptor",
            "apache4", "apache4-default-headers", "apache5", "apache5-default-headers");

    /** Parses the table: {@code client | mode | payload | expect | known gap}; {@code #} starts a comment line. */
    public static List<CorpusRow> parse(String table) {
        List<CorpusRow> rows = new ArrayList<>();
        for (String line : table.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = (line + " ").split("\\|", -1);
            if (cells.length != 5 || !MODES.contains(cells[1].strip())) {
                throw new IllegalArgumentException("bad corpus row: " + line);
            }
            rows.add(new CorpusRow(String.format("#%03d", rows.size() + 1), cells[0].strip(), cells[1].strip(),
                    cells[2].strip(), Outcome.valueOf(cells[3].strip().toUpperCase().replace('-', '_')),
                    cells[4].strip()));
        }
        return rows;
    }

    /**
     * The client as its app names it: without the {@code @jdk25} that runs the row on JDK 25, not the build's JDK,
     * or the {@code @modules} that puts Netty on the module path.
     */
    public String appClient() {
        int variant = client.indexOf('@');
        return variant < 0 ? client : client.substring(0, variant);
    }

    public boolean onJdk25() {
        return client.endsWith(JDK25);
    }

    /** Whether Netty's jars go on the module path (named modules, not the class path). */
    public boolean nettyOnModulePath() {
        return client.endsWith(MODULES);
    }

    /** The payload with the abbreviations written out, as the client app reads it. */
    public String expandedPayload() {
        String expanded = payload;
        for (Map.Entry<String, String> abbreviation : ABBREVIATIONS.entrySet()) {
            expanded = expanded.replace(abbreviation.getKey(), abbreviation.getValue());
        }
        return expanded;
    }

    /** The URL the payload asks for. */
    public String url() {
        return expandedPayload().split("\\s+")[1];
    }

    /** Where the request is meant to end: the redirect's target for a redirector URL. */
    public String finalUrl() {
        String redirector = ABBREVIATIONS.get("$REDIR");
        return url().startsWith(redirector) ? "http://" + url().substring(redirector.length()) : url();
    }

    /** The path the request asks for at its final target. */
    public String targetPath() {
        String rest = finalUrl().substring(finalUrl().indexOf("//") + 2);
        return rest.indexOf('/') < 0 ? "/" : rest.substring(rest.indexOf('/'));
    }

    /** Whether the final target is a container credential endpoint (by address or by a hosts-file name). */
    public boolean targetsContainer() {
        String hostPort = finalUrl().substring(finalUrl().indexOf("//") + 2).split("/")[0];
        return hostPort.startsWith("169.254.170.") || hostPort.startsWith("[fd00:ec2::23]")
                || hostPort.startsWith("ecs-credentials.");
    }

    public boolean proxied() {
        return expandedPayload().contains(" proxy=");
    }

    /** A hooked client sent straight to a literal IMDS URL: the contract's IOException is the only block. */
    public boolean hookedDirect() {
        return HOOKED.contains(appClient())
                && (url().startsWith("http://169.254.169.254/") || url().startsWith("http://[fd00:ec2::254]/"));
    }

    @Override
    public String toString() {
        return id + " " + client + " " + mode + " | " + payload + " -> " + expect.name().toLowerCase();
    }

    /** What the contract says happens; {@link CorpusCheck} holds what proves each. */
    public enum Outcome {
        /** The app gets what IMDS gives a tokened request; only tokened requests reach IMDS. */
        UPGRADED,
        /** The call fails ({@code imds-agent:}) or gets the agent's 401; nothing token-less reaches IMDS. */
        BLOCKED,
        /** The call passes untouched: IMDS gets it without a token and the app gets the answer. */
        ALLOWED,
        /** A tokened call works, with only tokened requests at IMDS. */
        TOKENED,
        /**
         * An SSRF path (forwarded header, XML processor, a request written to a proxy): nothing is fetched from the
         * target, the proxy stub gets nothing, and through a proxy the app gets the agent's {@code imds-agent:}
         * refusal.
         */
        REFUSED,
        /** An ordinary call to a loopback origin works. */
        ORIGIN,
        /** A call to a loopback origin through the proxy stub reaches the proxy (proof the proxy is in use). */
        PROXIED,
        /** A plain call to a container credential endpoint works, directly (the IMDSv1 modes do not apply). */
        CONTAINER,
        /** The SDK v2 provider gets credentials; only tokened requests reach IMDS. */
        SERVED,
        /** A spelling the JDK does not read as an address: the call fails and nothing reaches IMDS. */
        UNRESOLVED
    }
}
