package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    @Test
    void oneTablePerSectionWithOneRowPerCallSite() {
        String markdown = new Fleet().billingCalls("web-1", 7)
                .event("2026-11-30T10:00:00.000Z", "xml-blocked", "web-1", "caller", "X.parse(X.java:3)", "count", 2)
                .render(Format.MARKDOWN);
        List<String> lines = markdown.lines().toList();
        assertEquals("# IMDSv2 readiness report", lines.get(0));
        assertTrue(lines.contains("**1 IMDSv1 call site to fix before IMDSv2 can be required\\.**") ||
                lines.contains("**1 IMDSv1 call site to fix before IMDSv2 can be required.**"), markdown);
        assertTrue(lines.contains("## IMDSv1 call sites: 1 (fix these before requiring IMDSv2)"), markdown);
        assertTrue(lines.contains("## Self-assume call sites: none"), markdown);
        String row = lines.stream().filter(line -> line.startsWith("| `com.example.Billing")).findFirst().orElseThrow();
        assertEquals("| `com.example.Billing.instanceId(Billing.java:42)` | /opt/billing/billing.jar (2.3.1) |"
                + " com.amazonaws.util.EC2MetadataUtils.getInstanceId(EC2MetadataUtils.java:160) in"
                + " /opt/lib/aws-java-sdk-core-1.11.600.jar (1.11.600) | 7: imdsv1-upgraded 7 | 1 (web-1) |"
                + " 1 (com.example.Billing) | 2026-11-30 10:01:00Z | 2026-11-30 10:07:00Z | Upgrade the AWS SDK for"
                + " Java v1 from 1.11.600 to 1.11.678 or later, which uses IMDSv2. |", row);
        assertTrue(lines.contains("| `X.parse(X.java:3)` |  |  | 2: xml-blocked 2 | 1 (web-1) | 1 (com.example.Billing) |"
                + " 2026-11-30 10:00:00Z | 2026-11-30 10:00:00Z | Turn off external entities, DTDs and XInclude in this XML"
                + " parser (FEATURE\\_SECURE\\_PROCESSING; ACCESS\\_EXTERNAL\\_DTD and ACCESS\\_EXTERNAL\\_SCHEMA set to \"\"). |"),
                markdown);
    }

    @Test
    void pipesBackticksAndHtmlInEventsCannotBreakTheTable() {
        String markdown = new Fleet().event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "web|1<img src=x>",
                "caller", "A.a`b|c(A.java:1)", "count", 1).render(Format.MARKDOWN);
        String row = markdown.lines().filter(line -> line.startsWith("| `A")).findFirst().orElseThrow();
        assertTrue(row.startsWith("| `A.a'b\\|c(A.java:1)` |"), row);
        assertTrue(row.contains("1 (web\\|1\\<img src=x\\>)"), row);
        assertEquals(10, row.replace("\\|", "").chars().filter(c -> c == '|').count(), row);
    }
}
