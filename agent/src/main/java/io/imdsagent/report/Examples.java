package io.imdsagent.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct values of one field at one call site (its jars, its clients...), most frequent first. Holds at
 * most {@link #LIMIT} of them: what the report shows is a few names, and memory must not grow with the input.
 */
final class Examples {
    static final int LIMIT = 16;

    private final Map<String, long[]> seen = new HashMap<String, long[]>();
    private boolean more;

    void add(String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        long[] times = seen.get(value);
        if (times != null) {
            times[0]++;
        } else if (seen.size() < LIMIT) {
            seen.put(value, new long[] {1});
        } else {
            more = true;
        }
    }

    /** The values, most frequent first, then alphabetically. */
    List<String> values() {
        List<Map.Entry<String, long[]>> entries = new ArrayList<Map.Entry<String, long[]>>(seen.entrySet());
        Collections.sort(entries, new Comparator<Map.Entry<String, long[]>>() {
            @Override
            public int compare(Map.Entry<String, long[]> a, Map.Entry<String, long[]> b) {
                int byCount = Long.compare(b.getValue()[0], a.getValue()[0]);
                return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
            }
        });
        List<String> values = new ArrayList<String>();
        for (Map.Entry<String, long[]> entry : entries) {
            values.add(entry.getKey());
        }
        return values;
    }

    /** Whether values beyond the limit were seen and not kept. */
    boolean more() {
        return more;
    }
}
