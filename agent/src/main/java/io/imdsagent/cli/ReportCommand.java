package io.imdsagent.cli;

import io.imdsagent.report.FleetReports;
import io.imdsagent.report.Format;
import io.imdsagent.report.ReportException;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report [--format text|markdown|csv|json|html] [--out FILE] PATH...}: exit 0 when no IMDSv1 call site
 * was found, 2 when one was (a pipeline can gate on it), 1 on an error.
 */
final class ReportCommand {
    static final int READY = 0;
    static final int ERROR = 1;
    static final int IMDSV1_FOUND = 2;
    static final String USAGE = "usage: java -jar imds-agent.jar report [--format text|markdown|csv|json|html]"
            + " [--out FILE] PATH... (files, directories, or - for standard input)";

    private ReportCommand() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Format format = Format.TEXT;
        String outFile = null;
        List<String> paths = new ArrayList<String>();
        boolean options = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (options && (arg.equals("--help") || arg.equals("-h"))) {
                out.println(USAGE);
                return READY;
            } else if (options && arg.equals("--")) {
                options = false;
            } else if (options && (arg.equals("--format") || arg.startsWith("--format="))) {
                String name = arg.equals("--format") ? (i + 1 < args.length ? args[++i] : "") : arg.substring(9);
                format = Format.named(name);
                if (format == null) {
                    return fail(err, "unknown report format '" + name + "'; use text, markdown, csv, json or html");
                }
            } else if (options && (arg.equals("--out") || arg.startsWith("--out="))) {
                outFile = arg.equals("--out") ? (i + 1 < args.length ? args[++i] : "") : arg.substring(6);
                if (outFile.isEmpty()) {
                    return fail(err, "--out needs a file name");
                }
            } else if (options && arg.startsWith("-") && !arg.equals("-")) {
                return fail(err, "unknown report option '" + arg + "'");
            } else {
                paths.add(arg);
            }
        }
        if (paths.isEmpty()) {
            return fail(err, "report needs at least one event file or directory, or - for standard input");
        }
        try {
            OutputStream target = outFile == null ? out : new FileOutputStream(new File(outFile));
            Writer writer = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
            try {
                return FleetReports.write(paths, format, in, writer, err, AgentVersion.line())
                        ? IMDSV1_FOUND : READY;
            } finally {
                if (outFile != null) {
                    writer.close();
                }
            }
        } catch (ReportException e) {
            err.println(e.getMessage());
            if (outFile != null) {
                // no half-made report left behind for a pipeline to pick up
                new File(outFile).delete();
            }
            return ERROR;
        } catch (IOException e) {
            err.println("imds-agent: cannot write the report" + (outFile == null ? "" : " to " + outFile) + ": " + e
                    + "; check that the --out directory exists and is writable");
            return ERROR;
        }
    }

    private static int fail(PrintStream err, String message) {
        err.println("imds-agent: " + message + ". " + USAGE);
        return ERROR;
    }
}
