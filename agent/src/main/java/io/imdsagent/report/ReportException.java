package io.imdsagent.report;

/** A report that cannot be made (an unreadable path, an unwritable output); the message is for the user. */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }
}
