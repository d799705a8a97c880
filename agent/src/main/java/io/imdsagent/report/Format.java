package io.imdsagent.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** The report's output formats, as {@code --format} names them. */
public enum Format {
    TEXT(new TextReport()),
    MARKDOWN(new MarkdownReport()),
    CSV(new CsvReport()),
    JSON(new JsonReport()),
    HTML(new HtmlReport());

    /** Writes a whole report in one format. */
    interface Renderer {
        void write(FleetReport report, Writer out) throws IOException;
    }

    private final Renderer renderer;

    Format(Renderer renderer) {
        this.renderer = renderer;
    }

    /** The format {@code --format} names, or null when it names none. */
    public static Format named(String name) {
        for (Format format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
                return format;
            }
        }
        return null;
    }

    void write(FleetReport report, Writer out) throws IOException {
        renderer.write(report, out);
    }
}
