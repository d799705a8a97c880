package io.imdsagent.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.util.List;

/** Reads event files and writes the report: what the {@code report} command runs. */
public final class FleetReports {
    private FleetReports() {
    }

    /**
     * @param paths files, directories, or {@code -} for {@code stdin}
     * @param err where lines that are not events are named
     * @param producer {@code imds-agent 0.1.0}, shown in the report
     * @return whether some call site still makes IMDSv1 calls
     * @throws ReportException when a path cannot be read
     */
    public static boolean write(List<String> paths, Format format, InputStream stdin, Writer out, PrintStream err,
                                String producer) throws ReportException, IOException {
        FleetTally tally = new FleetTally();
        EventFiles files = new EventFiles(tally, stdin, err);
        for (String path : paths) {
            files.read(path);
        }
        files.finish();
        FleetReport report = tally.report(files.stats(), System.currentTimeMillis(), producer);
        format.write(report, out);
        out.flush();
        return report.needsFixing();
    }
}
