package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(InputStream in) throws IOException {
        LineReader reader = new LineReader(in);
        List<String> lines = new ArrayList<>();
        LineReader.Read read;
        while ((read = reader.next()) != LineReader.Read.END) {
            lines.add(read == LineReader.Read.TOO_LONG ? "(too long)"
                    : new String(reader.bytes(), reader.offset(), reader.length(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    @Test
    void splitsOnNewlinesDropsCarriageReturnsAndKeepsALastLineWithoutNewline() throws IOException {
        assertEquals(List.of("a", "", "b", "é"), lines(new ByteArrayInputStream("a\n\r\nb\r\né".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(), lines(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void linesSplitAcrossReadsComeOutWhole() throws IOException {
        String text = "x".repeat(200_000) + "\nshort\n";
        InputStream trickle = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 777));
            }
        };
        List<String> lines = lines(trickle);
        assertEquals(200_000, lines.get(0).length());
        assertEquals("short", lines.get(1));
    }

    @Test
    void aLineBeyondTheLimitIsOneTooLongLine() throws IOException {
        String text = "y".repeat(LineReader.MAX_LINE + 5) + "\nnext\n" + "z".repeat(LineReader.MAX_LINE * 2);
        assertEquals(List.of("(too long)", "next", "(too long)"),
                lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }
}
