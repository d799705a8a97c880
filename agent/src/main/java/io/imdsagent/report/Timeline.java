package io.imdsagent.report;

import java.util.HashMap;
import java.util.Map;

/**
 * Decisions at one call site over time, in buckets of a minute; when a site spans too many buckets they are
 * merged into wider ones, so memory stays bounded over months of events.
 */
final class Timeline {
    static final int MAX_BUCKETS = 4096;

    private Map<Long, long[]> buckets = new HashMap<Long, long[]>();
    private long bucketMillis = 60_000;

    void add(long millis, long decisions) {
        if (millis == EventLine.NO_TIME) {
            return;
        }
        long bucket = Math.floorDiv(millis, bucketMillis);
        long[] sum = buckets.get(bucket);
        if (sum == null) {
            if (buckets.size() >= MAX_BUCKETS) {
                widen();
                add(millis, decisions);
                return;
            }
            buckets.put(bucket, new long[] {decisions});
        } else {
            sum[0] += decisions;
        }
    }

    private void widen() {
        Map<Long, long[]> wider = new HashMap<Long, long[]>();
        for (Map.Entry<Long, long[]> entry : buckets.entrySet()) {
            long bucket = Math.floorDiv(entry.getKey(), 4L);
            long[] sum = wider.get(bucket);
            if (sum == null) {
                wider.put(bucket, new long[] {entry.getValue()[0]});
            } else {
                sum[0] += entry.getValue()[0];
            }
        }
        buckets = wider;
        bucketMillis *= 4;
    }

    long bucketMillis() {
        return bucketMillis;
    }

    /**
     * Decisions per bin: {@code bins} bins of {@code binMillis} from {@code fromMillis}. A bucket goes to the
     * bin its start falls in.
     */
    long[] binned(long fromMillis, long binMillis, int bins) {
        long[] binned = new long[bins];
        for (Map.Entry<Long, long[]> entry : buckets.entrySet()) {
            long start = entry.getKey() * bucketMillis;
            int bin = (int) Math.min(bins - 1, Math.max(0, (start - fromMillis) / binMillis));
            binned[bin] += entry.getValue()[0];
        }
        return binned;
    }
}
