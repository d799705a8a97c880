package io.imdsagent.report;

import static io.imdsagent.report.Fleet.BILLING;
import static io.imdsagent.report.Fleet.ORDERS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions, not lines: each JVM's last count per site and kind, summed over JVMs. */
class FleetTallyTest {

    @Test
    void decisionsAreEachJvmsLastCountSummedOverJvms() {
        FleetReport report = new Fleet().billingCalls("web-1", 7).billingCalls("web-2", 3).report();
        SiteRow row = report.rows(Section.IMDSV1).get(0);
        assertEquals(BILLING, row.caller);
        assertEquals(10, row.total, "7 + 3 decisions, from 4 + 3 lines");
        assertArrayEquals(new long[] {10, 0, 0}, row.decisions);
        assertEquals(2, row.jvms);
        assertEquals(2, row.hosts);
        assertEquals(List.of("web-1", "web-2"), row.hostNames);
        assertEquals(1, row.apps);
        assertTrue(report.needsFixing());
    }

    @Test
    void theSameLinesReadTwiceAreNotCountedTwice() {
        Fleet fleet = new Fleet().billingCalls("web-1", 5);
        FleetReport report = fleet.line(fleet.text().trim()).report();
        assertEquals(5, report.rows(Section.IMDSV1).get(0).total);
    }

    @Test
    void kindsAndJvmsOfOneHostCountApart() {
        FleetReport report = new Fleet()
                .event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "web-1", "caller", ORDERS, "count", 4)
                .event("2026-11-30T11:00:00.000Z", "imdsv1-blocked", "web-1", "caller", ORDERS, "count", 2)
                .event("2026-11-30T12:00:00.000Z", "imdsv1-blocked", "web-1", "caller", ORDERS, "count", 3, "pid", 200)
                .report();
        SiteRow row = report.rows(Section.IMDSV1).get(0);
        assertArrayEquals(new long[] {4, 5, 0}, row.decisions);
        assertEquals(2, row.jvms);
        assertEquals(1, row.hosts);
        assertEquals("2026-11-30 10:00:00Z", Cells.time(row.first));
        assertEquals("2026-11-30 12:00:00Z", Cells.time(row.last));
    }

    @Test
    void eventsWithoutACountCountOneEach() {
        FleetReport report = new Fleet()
                .event("2026-11-30T10:00:00.000Z", "self-assume-blocked", "web-1", "caller", BILLING,
                        "roleArn", "arn:aws:iam::123456789012:role/billing")
                .event("2026-11-30T10:00:01.000Z", "self-assume-blocked", "web-1", "caller", BILLING,
                        "roleArn", "arn:aws:iam::123456789012:role/billing")
                .report();
        SiteRow row = report.rows(Section.SELF_ASSUME).get(0);
        assertEquals(2, row.total);
        assertEquals(List.of("arn:aws:iam::123456789012:role/billing"), row.roles);
        assertFalse(report.needsFixing(), "self-assume does not stop IMDSv2 from being required");
    }

    @Test
    void eventsFromBeforeJvmsWereNamedCountEachFileAsOneJvm() {
        String old = "{\"time\":\"2026-11-30T10:00:00.000Z\",\"event\":\"imdsv1-upgraded\",\"caller\":\"A.b(A.java:1)\","
                + "\"count\":4,\"folded\":1}";
        FleetTally tally = new FleetTally();
        EventLine.Parser parser = new EventLine.Parser();
        byte[] line = old.getBytes();
        tally.add(parser.parse(line, 0, line.length), "host-a/events.jsonl");
        tally.add(parser.parse(line, 0, line.length), "host-b/events.jsonl");
        SiteRow row = tally.report(new ReadStats(), 0, "x").rows(Section.IMDSV1).get(0);
        assertEquals(8, row.total);
        assertEquals(2, row.jvms);
    }

    @Test
    void sectionsHoldTheirOwnEventsAndTheRestAreOnlyCounted() {
        FleetReport report = new Fleet()
                .event("2026-11-30T10:00:00.000Z", "xml-blocked", "web-1", "caller", "X.parse(X.java:1)", "count", 1)
                .event("2026-11-30T10:00:00.000Z", "proxy-bypassed", "web-1", "caller", "X.parse(X.java:1)", "count", 2)
                .event("2026-11-30T10:00:00.000Z", "proxy-blocked", "web-1", "caller", "X.parse(X.java:1)", "count", 3)
                .event("2026-11-30T10:00:00.000Z", "credentials-refreshed", "web-1")
                .event("2026-11-30T10:00:00.000Z", "imdsv1-allowed", "web-1", "count", 1)
                .report();
        assertArrayEquals(new long[] {1, 0, 2, 3}, report.rows(Section.SSRF).get(0).decisions);
        assertEquals(1L, report.eventNames.get("credentials-refreshed"));
        SiteRow unknown = report.rows(Section.IMDSV1).get(0);
        assertNull(unknown.caller);
        assertEquals("(caller unknown)", unknown.callerOrUnknown());
        assertEquals(5, report.events);
    }

    @Test
    void rowsAreBusiestFirst() {
        FleetReport report = new Fleet()
                .event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "web-1", "caller", "A.a(A.java:1)", "count", 2)
                .event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "web-1", "caller", "B.b(B.java:1)", "count", 9)
                .report();
        assertEquals("B.b(B.java:1)", report.rows(Section.IMDSV1).get(0).caller);
    }

    @Test
    void whatToDoFollowsTheSdkVersion() {
        assertEquals("Upgrade the AWS SDK for Java v1 from 1.11.600 to 1.11.678 or later, which uses IMDSv2.",
                new Fleet().billingCalls("web-1", 1).report().rows(Section.IMDSV1).get(0).fix);
        String v2 = new Fleet().event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "web-1", "caller", "A.a(A.java:1)",
                "via", "software.amazon.awssdk.regions.internal.util.EC2MetadataUtils.getItems(EC2MetadataUtils.java:9)",
                "viaJarVersion", "2.20.1", "count", 1).report().rows(Section.IMDSV1).get(0).fix;
        assertTrue(v2.startsWith("The AWS SDK for Java v2 2.20.1 uses IMDSv2 but fell back to IMDSv1"), v2);
        String handWritten = new Fleet().event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "web-1",
                "caller", "A.a(A.java:1)", "count", 1).report().rows(Section.IMDSV1).get(0).fix;
        assertTrue(handWritten.startsWith("Make this call use IMDSv2: PUT /latest/api/token"), handWritten);
        assertTrue(Remedy.compareVersions("1.11.600", "1.11.678") < 0);
        assertTrue(Remedy.compareVersions("1.12.0", "1.11.678") > 0);
        assertEquals(0, Remedy.compareVersions("2.10.21", "2.10.21"));
    }
}
