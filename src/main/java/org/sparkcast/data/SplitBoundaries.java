package org.sparkcast.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each series' validation and test ranges start. By fraction of a series' grid steps from its
 * first to its last parsed row (the grid buckets of its first and last row with a valid time, known
 * before cleaning, because gap filling must not cross a boundary; see {@link GapBridge}): train = the
 * first {@code round(n * train)} steps, validation the next up to {@code round(n * (train + validation))};
 * by dates: the same instants for every series.
 */
public final class SplitBoundaries implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long trainEnd;
    private final long validationEnd;
    private final HashMap<String, long[]> perSeries;

    private SplitBoundaries(long trainEnd, long validationEnd, HashMap<String, long[]> perSeries) {
        this.trainEnd = trainEnd;
        this.validationEnd = validationEnd;
        this.perSeries = perSeries;
    }

    static SplitBoundaries byDates(SplitSpec spec, java.time.ZoneId zone) {
        return new SplitBoundaries(spec.trainEndMillis(zone), spec.validationEndMillis(zone), null);
    }

    /** {@code ranges}: series to {first, last} grid time of its parsed rows. */
    static SplitBoundaries byFraction(SplitSpec spec, long stepMillis, Map<String, long[]> ranges) {
        HashMap<String, long[]> m = new HashMap<>();
        ranges.forEach((series, r) -> {
            long n = (r[1] - r[0]) / stepMillis + 1;
            long train = Math.round(n * spec.trainFraction);
            long validation = Math.round(n * (spec.trainFraction + spec.validationFraction));
            m.put(series, new long[] {r[0] + train * stepMillis, r[0] + validation * stepMillis});
        });
        return new SplitBoundaries(0, 0, m);
    }

    /** The split a step of {@code series} at {@code time} belongs to. */
    public Split of(String series, long time) {
        if (perSeries == null) {
            return split(trainEnd, validationEnd, time); // no array per call: the backtest asks at every step
        }
        long[] b = perSeries.get(series);
        return split(b[0], b[1], time);
    }

    /** {@code series}' boundaries {training end, validation end} (exclusive), for {@link #split}. */
    long[] of(String series) {
        return perSeries == null ? new long[] {trainEnd, validationEnd} : perSeries.get(series);
    }

    /** The split of a step at {@code time} of a series whose boundaries {@link #of(String)} gave. */
    static Split split(long[] boundaries, long time) {
        return split(boundaries[0], boundaries[1], time);
    }

    private static Split split(long trainEnd, long validationEnd, long time) {
        return time < trainEnd ? Split.TRAIN : time < validationEnd ? Split.VALIDATION : Split.TEST;
    }
}
