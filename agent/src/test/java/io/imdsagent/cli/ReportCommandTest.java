package io.imdsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code report} command's flags and exit codes. */
class ReportCommandTest {
    private static final String IMDSV1 = "{\"time\":\"2026-11-30T10:00:00.000Z\",\"event\":\"imdsv1-upgraded\","
            + "\"host\":\"web-1\",\"pid\":7,\"app\":\"App\",\"caller\":\"App.main(App.java:3)\",\"count\":1,\"folded\":0}\n";
    private static final String REFRESHED = "{\"time\":\"2026-11-30T10:00:00.000Z\",\"event\":\"credentials-refreshed\","
            + "\"host\":\"web-1\",\"pid\":7,\"app\":\"App\"}\n";

    @TempDir
    Path directory;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int report(String stdin, String... args) {
        return ReportCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exitsTwoWhenAnImdsV1CallSiteIsFoundAndZeroWhenNone() {
        assertEquals(2, report(IMDSV1, "-"));
        assertEquals(0, report(REFRESHED, "-"));
        assertEquals("", err());
    }

    @Test
    void formatAndOutFileInBothSpellings() throws Exception {
        Path html = directory.resolve("report.html");
        assertEquals(2, report(IMDSV1, "--format", "html", "--out", html.toString(), "-"));
        assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
        assertEquals(0, out.size(), "with --out nothing goes to standard output");
        Path csv = directory.resolve("report.csv");
        assertEquals(2, report(IMDSV1, "--format=csv", "--out=" + csv, "-"));
        assertTrue(Files.readString(csv).startsWith("section,caller,"));
    }

    @Test
    void aBadFlagOrNoPathIsAnErrorThatSaysWhatToDo() {
        assertEquals(1, report("", "--format", "xml", "-"));
        assertTrue(err().startsWith("imds-agent: unknown report format 'xml'; use text, markdown, csv, json or html."),
                err());
        err.reset();
        assertEquals(1, report("", "--verbose", "-"));
        assertTrue(err().startsWith("imds-agent: unknown report option '--verbose'"), err());
        err.reset();
        assertEquals(1, report(""));
        assertTrue(err().startsWith("imds-agent: report needs at least one event file or directory"), err());
        err.reset();
        assertEquals(1, report("", "--out"));
        assertTrue(err().startsWith("imds-agent: --out needs a file name"), err());
    }

    @Test
    void anUnreadablePathIsAnErrorAndLeavesNoOutFile() {
        Path html = directory.resolve("report.html");
        assertEquals(1, report(IMDSV1, "--out", html.toString(), "-", directory.resolve("missing").toString()));
        assertTrue(err().startsWith("imds-agent: cannot read " + directory.resolve("missing")), err());
        assertFalse(Files.exists(html));
    }

    @Test
    void anUnwritableOutIsAnError() {
        assertEquals(1, report(IMDSV1, "--out", directory.resolve("no/such/dir/r.txt").toString(), "-"));
        assertTrue(err().startsWith("imds-agent: cannot write the report to "), err());
    }
}
