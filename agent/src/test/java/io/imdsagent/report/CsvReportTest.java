package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {

    @Test
    void oneRowPerCallSiteOfEverySection() {
        String csv = new Fleet().billingCalls("web-1", 7).billingCalls("web-2", 2)
                .event("2026-11-30T10:00:00.000Z", "self-assume-short-circuited", "web-1", "caller", "S.s(S.java:5)",
                        "roleArn", "arn:aws:iam::123456789012:role/app")
                .render(Format.CSV);
        List<String> rows = List.of(csv.split("\r\n"));
        assertEquals(3, rows.size(), csv);
        assertEquals(CsvReport.HEADER, rows.get(0));
        assertEquals("imdsv1,com.example.Billing.instanceId(Billing.java:42),/opt/billing/billing.jar (2.3.1),"
                + "com.amazonaws.util.EC2MetadataUtils.getInstanceId(EC2MetadataUtils.java:160) in"
                + " /opt/lib/aws-java-sdk-core-1.11.600.jar (1.11.600),HttpURLConnection,,9,"
                + "imdsv1-upgraded=9 imdsv1-blocked=0 imdsv1-allowed=0,2,2,web-1; web-2,1,com.example.Billing,"
                + "2026-11-30T10:01:00Z,2026-11-30T10:07:00Z,\"Upgrade the AWS SDK for Java v1 from 1.11.600 to 1.11.678"
                + " or later, which uses IMDSv2.\"", rows.get(1));
        assertEquals("self-assume,S.s(S.java:5),,,,arn:aws:iam::123456789012:role/app,1,self-assume-blocked=0"
                + " self-assume-short-circuited=1 self-assume-allowed=0 self-assume-unchecked=0,1,1,web-1,1,"
                + "com.example.Billing,"
                + "2026-11-30T10:00:00Z,2026-11-30T10:00:00Z,\"Do not assume arn:aws:iam::123456789012:role/app: the"
                + " instance credentials already carry it; use them as they are (or pass a Policy, PolicyArns or Tags"
                + " if a narrower session was meant).\"", rows.get(2));
    }

    @Test
    void quotesAreDoubledAndFormulasAreDisarmed() {
        String csv = new Fleet().event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "=HYPERLINK(\"x\")",
                "caller", "A.a(\"q\",A.java:1)", "count", 1).render(Format.CSV);
        String row = csv.split("\r\n")[1];
        assertEquals("imdsv1,\"A.a(\"\"q\"\",A.java:1)\"", row.substring(0, row.indexOf(",,,")));
        assertEquals(true, row.contains(",1,\"'=HYPERLINK(\"\"x\"\")\",1,"), row);
    }
}
