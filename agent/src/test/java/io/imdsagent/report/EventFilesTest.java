package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report reads: plain and gzip files, directories, standard input; what it skips and what stops it. */
class EventFilesTest {
    @TempDir
    Path directory;

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private final FleetTally tally = new FleetTally();

    private EventFiles files(String stdin) {
        return new EventFiles(tally, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    private long billingDecisions() {
        return tally.report(new ReadStats(), 0, "x").rows(Section.IMDSV1).get(0).total;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void directoriesAreReadRecursivelyAndGzipIsToldByItsBytes() throws Exception {
        Files.createDirectories(directory.resolve("web-2/rotated"));
        Files.writeString(directory.resolve("web-1.jsonl"), new Fleet().billingCalls("web-1", 3).text());
        Files.write(directory.resolve("web-2/rotated/events.1"), gzip(new Fleet().billingCalls("web-2", 4).text()));
        EventFiles files = files("");
        files.read(directory.toString());
        assertEquals(7, billingDecisions());
        assertEquals(2, files.stats().sources);
        assertEquals(6, files.stats().lines, "counts 1, 2, 3 and 1, 2, 4");
    }

    @Test
    void standardInputIsADash() throws Exception {
        EventFiles files = files(new Fleet().billingCalls("web-1", 9).text());
        files.read("-");
        assertEquals(9, billingDecisions());
    }

    @Test
    void linesThatAreNotEventsAreCountedNamedAndSkipped() throws Exception {
        String text = new Fleet().billingCalls("web-1", 2).line("not json").line("{\"event\":5}").line("[1,2]")
                .line("").line("{\"event\":\"imdsv1-upgraded\"} trailing").line("{\"time\":\"x\"}").text();
        EventFiles files = files(text);
        files.read("-");
        files.finish();
        assertEquals(2, billingDecisions());
        assertEquals(5, files.stats().skipped);
        assertEquals(7, files.stats().lines, "the blank line is not counted");
        String said = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("imds-agent: warning: (standard input):3 is not an event; skipped"), said);
        assertTrue(said.endsWith("imds-agent: warning: skipped 5 lines that are not events" + System.lineSeparator()),
                said);
    }

    @Test
    void onlyTheFirstFewSkippedLinesAreNamed() throws Exception {
        EventFiles files = files("junk\n".repeat(100));
        files.read("-");
        files.finish();
        assertEquals(100, files.stats().skipped);
        assertEquals(EventFiles.WARNINGS_SHOWN + 1, warnings.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void aPrefixBeforeTheJsonIsPassedOver() throws Exception {
        String event = new Fleet().billingCalls("web-1", 1).text();
        files("2026-11-30T10:00:00.000000+00:00 i-0123/app " + event).read("-");
        assertEquals(1, billingDecisions());
    }

    @Test
    void anOverlongLineIsSkippedWithoutHoldingIt() throws Exception {
        char[] huge = new char[LineReader.MAX_LINE * 3];
        Arrays.fill(huge, 'x');
        EventFiles files = files(new String(huge) + "\n" + new Fleet().billingCalls("web-1", 2).text());
        files.read("-");
        assertEquals(1, files.stats().skipped);
        assertEquals(2, billingDecisions());
    }

    @Test
    void aGzipFileCutShortCountsWhatWasRead() throws Exception {
        byte[] noise = new byte[150_000];
        new Random(7).nextBytes(noise);
        byte[] whole = gzip(new Fleet().billingCalls("web-1", 64).text() + Base64.getEncoder().encodeToString(noise));
        Path cut = Files.write(directory.resolve("cut.gz"), Arrays.copyOf(whole, whole.length / 2));
        files("").read(cut.toString());
        assertEquals(64, billingDecisions());
        assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("ends early"), warnings.toString());
    }

    @Test
    void aPathThatCannotBeReadStopsTheReport() {
        ReportException missing = assertThrows(ReportException.class,
                () -> files("").read(directory.resolve("nope.jsonl").toString()));
        assertEquals("imds-agent: cannot read " + directory.resolve("nope.jsonl") + " (no such file or directory);"
                + " give the report event files or directories it can read, or - for standard input",
                missing.getMessage());
    }
}
