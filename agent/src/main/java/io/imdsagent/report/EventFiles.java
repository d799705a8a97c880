package io.imdsagent.report;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Writer;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads event files into a tally, line by line: a file (plain, or gzip whatever its name), a directory (every
 * file under it, in name order), or {@code -} for standard input. A line that is not an event is counted and
 * named on stderr (the first few of them), never fatal; a path that cannot be read is.
 */
final class EventFiles {
    static final String STDIN = "-";
    static final int WARNINGS_SHOWN = 10;
    private static final int BUFFER = 64 * 1024;

    private final FleetTally tally;
    private final ReadStats stats = new ReadStats();
    private final EventLine.Parser parser = new EventLine.Parser();
    private final InputStream stdin;
    private final PrintStream err;

    EventFiles(FleetTally tally, InputStream stdin, PrintStream err) {
        this.tally = tally;
        this.stdin = stdin;
        this.err = err;
    }

    ReadStats stats() {
        return stats;
    }

    void read(String path) throws ReportException {
        if (path.equals(STDIN)) {
            read("(standard input)", stdin);
            return;
        }
        Path start = Paths.get(path);
        if (!Files.isDirectory(start)) {
            readFile(start);
            return;
        }
        for (Path file : filesUnder(start)) {
            readFile(file);
        }
    }

    /** After the last path: how many lines were skipped, when some were. */
    void finish() {
        if (stats.skipped > 0) {
            err.println("imds-agent: warning: skipped " + stats.skipped + " line" + (stats.skipped == 1 ? "" : "s")
                    + (stats.skipped == 1 ? " that is not an event" : " that are not events"));
        }
    }

    private static List<Path> filesUnder(Path directory) throws ReportException {
        final List<Path> files = new ArrayList<Path>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (IOException e) {
            throw cannotRead(directory.toString(), e);
        }
        Collections.sort(files);
        return files;
    }

    private void readFile(Path file) throws ReportException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException | SecurityException e) {
            throw cannotRead(file.toString(), e);
        }
        try {
            read(file.toString(), in);
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // read to the end already
            }
        }
    }

    private void read(String source, InputStream raw) throws ReportException {
        stats.sources++;
        long lineNumber = 0;
        try {
            LineReader lines = new LineReader(ungzipped(raw));
            LineReader.Read read;
            while ((read = lines.next()) != LineReader.Read.END) {
                lineNumber++;
                stats.lines++;
                EventLine event = read == LineReader.Read.LINE ? parse(lines) : null;
                if (event != null) {
                    tally.add(event, source);
                } else if (read == LineReader.Read.TOO_LONG || !blank(lines)) {
                    skipped(source, lineNumber);
                } else {
                    stats.lines--;
                }
            }
        } catch (EOFException | ZipException e) {
            // a gzip file still being written, or cut short: what was read counts
            err.println("imds-agent: warning: " + source + " ends early after line " + lineNumber + " (" + e.getMessage()
                    + "); the lines before count");
        } catch (IOException e) {
            throw cannotRead(source, e);
        }
    }

    /** Gzip is told by its magic bytes, not the file name: rotated logs are named every way. */
    private static InputStream ungzipped(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, BUFFER) : in;
    }

    /**
     * The event on the current line. Log shippers and {@code aws logs tail} put a time stamp or stream name
     * before the JSON; the object is read from its first brace.
     */
    private EventLine parse(LineReader lines) {
        byte[] bytes = lines.bytes();
        int from = lines.offset();
        int end = from + lines.length();
        int brace = from;
        while (brace < end && bytes[brace] != '{') {
            brace++;
        }
        return brace == end ? null : parser.parse(bytes, brace, end - brace);
    }

    private static boolean blank(LineReader lines) {
        byte[] bytes = lines.bytes();
        for (int i = lines.offset(); i < lines.offset() + lines.length(); i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private void skipped(String source, long lineNumber) {
        stats.skipped++;
        if (stats.skipped <= WARNINGS_SHOWN) {
            err.println("imds-agent: warning: " + source + ":" + lineNumber + " is not an event; skipped");
        }
    }

    private static ReportException cannotRead(String path, Exception e) {
        String reason = e instanceof NoSuchFileException ? "no such file or directory"
                : e instanceof AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ReportException("imds-agent: cannot read " + path + " (" + reason + "); give the report event"
                + " files or directories it can read, or - for standard input");
    }
}
