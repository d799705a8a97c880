package io.imdsagent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * For programs: one JSON object with what was read, then an array per section ({@code imdsv1},
 * {@code self-assume}, {@code ssrf}) of call sites with every field the other formats show.
 */
final class JsonReport implements Format.Renderer {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void write(FleetReport report, Writer out) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeStringField("producer", report.producer);
        json.writeStringField("generated", Cells.isoTime(report.generated));
        json.writeBooleanField("imdsv2Ready", !report.needsFixing());
        json.writeObjectFieldStart("read");
        json.writeNumberField("sources", report.read.sources);
        json.writeNumberField("lines", report.read.lines);
        json.writeNumberField("skippedLines", report.read.skipped);
        json.writeNumberField("events", report.events);
        json.writeNumberField("jvms", report.jvms);
        json.writeNumberField("hosts", report.hosts);
        json.writeStringField("firstSeen", Cells.isoTime(report.first));
        json.writeStringField("lastSeen", Cells.isoTime(report.last));
        json.writeObjectFieldStart("eventNames");
        for (Map.Entry<String, Long> name : report.eventNames.entrySet()) {
            json.writeNumberField(name.getKey(), name.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
        for (Section section : Section.values()) {
            json.writeArrayFieldStart(section.key());
            for (SiteRow row : report.rows(section)) {
                site(json, row);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.flush();
        out.append('\n');
    }

    private static void site(JsonGenerator json, SiteRow row) throws IOException {
        json.writeStartObject();
        json.writeStringField("caller", row.caller);
        located(json, "jars", row.jars, false);
        located(json, "vias", row.vias, true);
        strings(json, "clients", row.clients);
        strings(json, "requests", row.requests);
        strings(json, "roles", row.roles);
        json.writeNumberField("decisions", row.total);
        json.writeObjectFieldStart("byKind");
        for (int kind = 0; kind < row.decisions.length; kind++) {
            json.writeNumberField(row.section.kinds().get(kind), row.decisions[kind]);
        }
        json.writeEndObject();
        json.writeNumberField("jvms", row.jvms);
        json.writeNumberField("hosts", row.hosts);
        strings(json, "hostExamples", row.hostNames);
        json.writeNumberField("apps", row.apps);
        strings(json, "appExamples", row.appNames);
        json.writeStringField("firstSeen", Cells.isoTime(row.first));
        json.writeStringField("lastSeen", Cells.isoTime(row.last));
        json.writeStringField("fix", row.fix);
        json.writeEndObject();
    }

    private static void located(JsonGenerator json, String name, List<SiteRow.Located> located, boolean frames)
            throws IOException {
        json.writeArrayFieldStart(name);
        for (SiteRow.Located one : located) {
            json.writeStartObject();
            if (frames) {
                json.writeStringField("frame", one.frame);
            }
            json.writeStringField("jar", one.jar.isEmpty() ? null : one.jar);
            json.writeStringField("version", one.version.isEmpty() ? null : one.version);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
