package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    /** Anything that could make a browser fetch: a URL attribute, a CSS url(), an import. */
    static final Pattern FETCHES = Pattern.compile("(?i)\\s(src|href|srcset|action|data|poster)\\s*=|url\\(|@import");

    @Test
    void oneSelfContainedPageWithAChartAndATablePerSection() {
        String html = new Fleet().billingCalls("web-1", 7).billingCalls("web-2", 3)
                .event("2026-11-30T12:00:00.000Z", "imdsv1-blocked", "web-3", "caller", Fleet.ORDERS, "count", 9)
                .render(Format.HTML);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"), html);
        assertFalse(FETCHES.matcher(html).find(), html);
        assertFalse(html.contains("<script"), html);
        assertEquals(2, count(html, "<polyline "), "one line per call site");
        assertEquals(1, count(html, "<table>"), "a table for each section that has call sites");
        assertTrue(html.contains("<h2>Self-assume call sites: none</h2>"), html);
        assertTrue(html.contains("<code>com.example.Billing.instanceId(Billing.java:42)</code>"), html);
        assertTrue(html.contains(">calls per 5 minutes (UTC)</text>"), html);
        assertTrue(html.contains(">11-30 10:00</text>") && html.contains(">11-30 12:00</text>"), html);
        assertTrue(html.contains(">8</text>") && !html.contains(">5</text>"), "axis 0, 2, 4, 6, 8 for a peak of 8");
    }

    @Test
    void valuesFromEventsAreEscaped() {
        String html = new Fleet().event("2026-11-30T10:00:00.000Z", "imdsv1-upgraded", "<script>alert(1)</script>",
                "caller", "A.a\"onmouseover='x'(A.java:1)", "count", 1).render(Format.HTML);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("A.a&quot;onmouseover=&#39;x&#39;(A.java:1)"), html);
    }

    @Test
    void axisNumbersAreRound() {
        assertEquals(1, HtmlReport.niceCeiling(1));
        assertEquals(5, HtmlReport.niceCeiling(3));
        assertEquals(200, HtmlReport.niceCeiling(101));
        assertEquals(1_000_000, HtmlReport.niceCeiling(999_999));
        assertEquals(5 * 60_000, HtmlReport.binWidth(150_000));
        assertEquals(12 * 3_600_000, HtmlReport.binWidth(7 * 3_600_000));
        assertEquals("minute", HtmlReport.duration(60_000));
        assertEquals("4 hours", HtmlReport.duration(4 * 3_600_000));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
