package io.imdsagent.report;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The parts of the report, each with the events (kinds of decision) it adds up, in the order shown. */
enum Section {
    IMDSV1("IMDSv1 call sites", "imdsv1", "imdsv1-upgraded", "imdsv1-blocked", "imdsv1-allowed"),
    SELF_ASSUME("Self-assume call sites", "self-assume", "self-assume-blocked", "self-assume-short-circuited",
            "self-assume-allowed", "self-assume-unchecked"),
    SSRF("SSRF refusals", "ssrf", "xml-blocked", "forwarded-blocked", "proxy-bypassed",
            "proxy-blocked");

    private final String title;
    private final String key;
    private final List<String> kinds;

    Section(String title, String key, String... kinds) {
        this.title = title;
        this.key = key;
        this.kinds = Collections.unmodifiableList(Arrays.asList(kinds));
    }

    /** The section an event belongs to; null for events the report only counts (credentials-refreshed...). */
    static Section of(String event) {
        for (Section section : values()) {
            if (section.kinds.contains(event)) {
                return section;
            }
        }
        return null;
    }

    String title() {
        return title;
    }

    /** The section's name in CSV and JSON. */
    String key() {
        return key;
    }

    List<String> kinds() {
        return kinds;
    }

    int kind(String event) {
        return kinds.indexOf(event);
    }
}
