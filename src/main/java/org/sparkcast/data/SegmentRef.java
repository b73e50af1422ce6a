package org.sparkcast.data;

import java.io.Serializable;

/** One segment of one series within one split, and its length in steps (driver side, and inside the plan). */
public final class SegmentRef implements Serializable {
    private static final long serialVersionUID = 1L;

    final String series;
    final int segment;
    final Split split;
    final long steps;

    SegmentRef(String series, int segment, Split split, long steps) {
        this.series = series;
        this.segment = segment;
        this.split = split;
        this.steps = steps;
    }

    /** Map key of a segment within a split. */
    static String key(String series, int segment, Split split) {
        return series + '\u0001' + segment + '\u0001' + split.ordinal();
    }

    String key() {
        return key(series, segment, split);
    }

    /** Windows of k steps it fills in one lane: a segment of L steps gives L - 1 (input, next target) pairs. */
    long windows(int k) {
        return Math.max(0, (steps - 1 + k - 1) / k);
    }

    @Override
    public String toString() {
        return series + "#" + segment + "/" + ConfigReader.configName(split) + "(" + steps + " steps)";
    }
}
