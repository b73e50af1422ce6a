package org.sparkcast.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which partition owns which segment, and in which order its lanes take them. Deterministic for a seed
 * and balanced by length: segments sorted by windows (longest first, ties broken by a seeded hash of the
 * key, then the key) go one by one to the partition with the least work so far, ties to the lowest
 * number (the LPT rule: the most loaded partition is within the longest segment of the best possible).
 * A partition's lanes take its segments in the order they were assigned.
 */
public final class WindowPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final HashMap<String, int[]> placement = new HashMap<>();
    private final long[] load;
    private final int[] count;
    /** Per partition, the steps of each of its segments in their order there (what {@link #cut} walks). */
    private final long[][] segmentSteps;

    public WindowPlan(List<SegmentRef> segments, int partitions, int steps, long seed) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.partitions = partitions;
        this.load = new long[partitions];
        this.count = new int[partitions];
        List<List<Long>> lengths = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            lengths.add(new ArrayList<>());
        }
        List<SegmentRef> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingLong((SegmentRef s) -> -s.windows(steps))
                .thenComparingLong(s -> mix(seed, s.key()))
                .thenComparing(SegmentRef::key));
        for (SegmentRef s : sorted) {
            int best = 0;
            for (int p = 1; p < partitions; p++) {
                if (load[p] < load[best]) {
                    best = p;
                }
            }
            placement.put(s.key(), new int[] {best, count[best]++});
            lengths.get(best).add(s.steps);
            load[best] += s.windows(steps);
        }
        this.segmentSteps = lengths.stream().map(l -> l.stream().mapToLong(Long::longValue).toArray()).toArray(long[][]::new);
    }

    private static long mix(long seed, String key) {
        long h = seed * 0x9E3779B97F4A7C15L + key.hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    public int partitions() {
        return partitions;
    }

    /** {partition, order} of a segment, or null if the plan does not hold it. */
    int[] placement(String series, int segment, Split split) {
        return placement.get(SegmentRef.key(series, segment, split));
    }

    /** Per partition, the windows of its segments summed over lanes (its work). */
    public long[] load() {
        return load.clone();
    }

    /** Per partition, how many segments it owns. */
    public int[] segmentCounts() {
        return count.clone();
    }

    /**
     * {windows, steps with a next target} that {@link LaneScheduler} cuts from this plan's segments in windows of
     * {@code k} steps over {@code lanes} lanes, counted from the segments' lengths alone: the same walk, no step read.
     */
    public long[] cut(int k, int lanes) {
        long windows = 0;
        long valid = 0;
        for (long[] segments : segmentSteps) {
            long[] rows = new long[lanes];                          // the lane's segment length, 0 when idle
            long[] pos = new long[lanes];
            int next = 0;
            while (true) {
                boolean busy = false;
                for (int b = 0; b < lanes; b++) {
                    if (pos[b] + 1 >= rows[b]) {                    // idle or done: the next segment of two or more steps
                        rows[b] = 0;
                        while (next < segments.length && rows[b] == 0) {
                            long n = segments[next++];
                            if (n >= 2) {
                                rows[b] = n;
                                pos[b] = 0;
                            }
                        }
                    }
                    if (rows[b] > 0) {
                        long taken = Math.min(k, rows[b] - pos[b] - 1);
                        valid += taken;
                        pos[b] += taken;
                        busy = true;
                    }
                }
                if (!busy) {
                    break;
                }
                windows++;
            }
        }
        return new long[] {windows, valid};
    }

    /** The placement of every segment, for tests and the report. */
    public Map<String, int[]> placements() {
        return Map.copyOf(placement);
    }
}
