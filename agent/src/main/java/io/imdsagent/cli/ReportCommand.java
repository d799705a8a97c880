package io.imdsagent.cli;

import java.io.InputStream;
import java.io.PrintStream;

final class ReportCommand {
    private ReportCommand() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("imds-agent: report is not built yet");
        return 1;
    }
}
