package io.imdsagent.report;

import java.io.IOException;
import java.io.Writer;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines without decoding them, so each line goes to the JSON parser as bytes. A line
 * longer than {@link #MAX_LINE} is no event; it is skipped without being held, so memory stays bounded
 * whatever the input (a binary file has no newlines).
 */
final class LineReader {
    static final int MAX_LINE = 1 << 20;

    enum Read { LINE, TOO_LONG, END }

    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private int scanned;
    private boolean eof;

    /** The line {@link #next} found: {@code bytes()[offset(), offset() + length())}, without its line ending. */
    private int lineOffset;
    private int lineLength;

    LineReader(InputStream in) {
        this.in = in;
    }

    Read next() throws IOException {
        boolean skipping = false;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    int length = i - start;
                    if (length > 0 && buffer[i - 1] == '\r') {
                        length--;
                    }
                    lineOffset = start;
                    lineLength = length;
                    start = i + 1;
                    scanned = start;
                    return skipping ? Read.TOO_LONG : Read.LINE;
                }
            }
            scanned = end;
            if (eof) {
                if (start == end) {
                    return skipping ? Read.TOO_LONG : Read.END;
                }
                lineOffset = start;
                lineLength = end - start;
                start = end;
                return skipping ? Read.TOO_LONG : Read.LINE;
            }
            if (end - start >= MAX_LINE) {
                skipping = true;
                start = end;
                scanned = end;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE + 1));
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            eof = true;
        } else {
            end += read;
        }
    }

    byte[] bytes() {
        return buffer;
    }

    int offset() {
        return lineOffset;
    }

    int length() {
        return lineLength;
    }
}
