package io.imdsagent.report;

/** How much input was read: sources (files and standard input), lines, and lines that were not events. */
final class ReadStats {
    long sources;
    long lines;
    long skipped;
}
