/**
 * The fleet report: reads event files from many JVMs (plain or gzip, directories, standard input), adds up the
 * decisions of each call site and writes what must be fixed before IMDSv2 can be required, as text, Markdown,
 * CSV, JSON or one self-contained HTML page. Called only by the {@code report} command; never loaded by premain.
 */
package io.imdsagent.report;
