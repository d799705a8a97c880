package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void oneObjectWithWhatWasReadAndAnArrayPerSection() throws Exception {
        JsonNode report = Fleet.JSON.readTree(new Fleet().billingCalls("web-1", 7).billingCalls("web-2", 5)
                .event("2026-11-30T10:00:00.000Z", "forwarded-blocked", "web-3", "caller", "P.p(P.java:2)", "count", 1)
                .line("junk").render(Format.JSON));
        assertEquals("imds-agent 9.9.9", report.get("producer").asText());
        assertFalse(report.get("imdsv2Ready").asBoolean());
        JsonNode read = report.get("read");
        assertEquals(1, read.get("skippedLines").asLong());
        assertEquals(3, read.get("jvms").asLong());
        assertEquals(3, read.get("hosts").asLong());
        assertEquals(8, read.get("eventNames").get("imdsv1-upgraded").asLong(), "lines, not decisions");
        JsonNode site = report.get("imdsv1").get(0);
        assertEquals(Fleet.BILLING, site.get("caller").asText());
        assertEquals(12, site.get("decisions").asLong());
        assertEquals(12, site.get("byKind").get("imdsv1-upgraded").asLong());
        assertEquals("1.11.600", site.get("vias").get(0).get("version").asText());
        assertEquals(Fleet.SDK_V1_VIA, site.get("vias").get(0).get("frame").asText());
        assertEquals("2.3.1", site.get("jars").get(0).get("version").asText());
        assertEquals(2, site.get("hosts").asLong());
        assertEquals("2026-11-30T10:01:00Z", site.get("firstSeen").asText());
        assertTrue(site.get("fix").asText().startsWith("Upgrade the AWS SDK for Java v1"));
        assertEquals(0, report.get("self-assume").size());
        assertEquals("P.p(P.java:2)", report.get("ssrf").get(0).get("caller").asText());
    }

    @Test
    void anEmptyFleetIsReady() throws Exception {
        JsonNode report = Fleet.JSON.readTree(new Fleet().render(Format.JSON));
        assertTrue(report.get("imdsv2Ready").asBoolean());
        assertTrue(report.get("read").get("firstSeen").isNull());
    }
}
