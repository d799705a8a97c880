package io.imdsagent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Event lines as the agent writes them, for the report's tests, and the report they make. */
final class Fleet {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long GENERATED = 1_780_000_000_000L;
    static final String BILLING = "com.example.Billing.instanceId(Billing.java:42)";
    static final String ORDERS = "com.example.Orders.region(Orders.java:7)";
    static final String SDK_V1_VIA = "com.amazonaws.util.EC2MetadataUtils.getInstanceId(EC2MetadataUtils.java:160)";

    private final List<String> lines = new ArrayList<>();

    /** An event from {@code host}, pid 100, app {@code com.example.Billing}; fields as name, value pairs. */
    Fleet event(String time, String name, String host, Object... fields) {
        ObjectNode event = JSON.createObjectNode().put("time", time).put("event", name).put("host", host)
                .put("pid", 100).put("app", "com.example.Billing");
        for (int i = 0; i < fields.length; i += 2) {
            event.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        lines.add(event.toString());
        return this;
    }

    /** What the agent writes for {@code calls} upgraded calls at {@link #BILLING} through SDK v1 1.11.600. */
    Fleet billingCalls(String host, int calls) {
        long written = 0;
        for (long count = 1; count <= calls; count++) {
            if (Long.bitCount(count) == 1 || count == calls) {
                event("2026-11-30T10:0" + Math.min(9, count) + ":00.000Z", "imdsv1-upgraded", host, "caller", BILLING,
                        "client", "HttpURLConnection", "method", "GET",
                        "url", "http://169.254.169.254/latest/meta-data/instance-id", "status", 200,
                        "jar", "/opt/billing/billing.jar", "jarVersion", "2.3.1", "via", SDK_V1_VIA,
                        "viaJar", "/opt/lib/aws-java-sdk-core-1.11.600.jar", "viaJarVersion", "1.11.600",
                        "count", count, "folded", count - written - 1);
                written = count;
            }
        }
        return this;
    }

    Fleet line(String raw) {
        lines.add(raw);
        return this;
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    FleetReport report() {
        return report(new ByteArrayOutputStream());
    }

    FleetReport report(ByteArrayOutputStream warnings) {
        FleetTally tally = new FleetTally();
        EventFiles files = new EventFiles(tally, new ByteArrayInputStream(text().getBytes(StandardCharsets.UTF_8)),
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            files.read("-");
        } catch (ReportException e) {
            throw new IllegalStateException(e);
        }
        files.finish();
        return tally.report(files.stats(), GENERATED, "imds-agent 9.9.9");
    }

    String render(Format format) {
        StringWriter out = new StringWriter();
        try {
            format.write(report(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
