package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextReportTest {

    @Test
    void eachCallSiteIsABlockWithWhatToDo() {
        String text = new Fleet().billingCalls("web-1", 7).billingCalls("web-2", 3).line("junk").render(Format.TEXT);
        assertEquals(String.join("\n",
                "IMDSv2 readiness report (imds-agent 9.9.9, 2026-05-28 20:26:40Z)",
                "Read 8 lines from 1 source: 7 events from 2 JVMs on 2 hosts, 2026-11-30 10:01:00Z to 2026-11-30 10:07:00Z.",
                "1 line was not an event and was skipped.",
                "",
                "IMDSv1 call sites: 1 (fix these before requiring IMDSv2)",
                "",
                "  1. com.example.Billing.instanceId(Billing.java:42)",
                "     jar        /opt/billing/billing.jar (2.3.1)",
                "     via        com.amazonaws.util.EC2MetadataUtils.getInstanceId(EC2MetadataUtils.java:160) in"
                        + " /opt/lib/aws-java-sdk-core-1.11.600.jar (1.11.600)",
                "     client     HttpURLConnection",
                "     requests   GET http://169.254.169.254/latest/meta-data/instance-id",
                "     decisions  10: imdsv1-upgraded 10",
                "     hosts      2 (web-1, web-2)",
                "     apps       1 (com.example.Billing)",
                "     seen       2026-11-30 10:01:00Z to 2026-11-30 10:07:00Z",
                "     fix        Upgrade the AWS SDK for Java v1 from 1.11.600 to 1.11.678 or later, which uses IMDSv2.",
                "",
                "Self-assume call sites: none",
                "",
                "SSRF refusals: none",
                "",
                "1 IMDSv1 call site to fix before IMDSv2 can be required.",
                ""), text);
    }

    @Test
    void noImdsV1CallSiteSaysIMDSv2CanBeRequired() {
        String text = new Fleet().event("2026-11-30T10:00:00.000Z", "credentials-refreshed", "web-1").render(Format.TEXT);
        assertTrue(text.endsWith("No IMDSv1 call site in these events: as far as they tell, IMDSv2 can be required.\n"),
                text);
    }

    @Test
    void terminalControlCharactersFromEventsAreNeutralised() {
        String text = new Fleet().event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "web-1\u001b[2J",
                "caller", "A.a(A.java:1)\u001b]0;pwned\u0007\u202e", "count", 1).render(Format.TEXT);
        assertFalse(text.contains("\u001b") || text.contains("\u0007") || text.contains("\u202e"), text);
        assertTrue(text.contains("A.a(A.java:1)?]0;pwned??"), text);
    }
}
