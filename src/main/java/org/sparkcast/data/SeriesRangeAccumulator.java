package org.sparkcast.data;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Each series' first and last time among the rows parsed, carried from the tasks to the driver: each task notes into its
 * own copy, the driver keeps the least first and the greatest last time of every copy. Noting a row twice (a stage run
 * again) changes nothing.
 */
public final class SeriesRangeAccumulator extends AccumulatorV2<Map<String, long[]>, Map<String, long[]>> {
    private static final long serialVersionUID = 1L;
    private HashMap<String, long[]> ranges = new HashMap<>();

    @Override
    public boolean isZero() {
        return ranges.isEmpty();
    }

    @Override
    public AccumulatorV2<Map<String, long[]>, Map<String, long[]>> copy() {
        SeriesRangeAccumulator c = new SeriesRangeAccumulator();
        c.add(ranges);
        return c;
    }

    @Override
    public void reset() {
        ranges = new HashMap<>();
    }

    /** A row of {@code series} at {@code time}. */
    void note(String series, long time) {
        long[] r = ranges.get(series);
        if (r == null) {
            ranges.put(series, new long[] {time, time});
        } else if (time < r[0]) {
            r[0] = time;
        } else if (time > r[1]) {
            r[1] = time;
        }
    }

    @Override
    public void add(Map<String, long[]> other) {
        other.forEach((series, r) -> {
            note(series, r[0]);
            note(series, r[1]);
        });
    }

    @Override
    public void merge(AccumulatorV2<Map<String, long[]>, Map<String, long[]>> other) {
        add(other.value());
    }

    /** {first, last} time by series. */
    @Override
    public Map<String, long[]> value() {
        return ranges;
    }
}
