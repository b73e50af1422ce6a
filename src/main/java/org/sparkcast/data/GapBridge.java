package org.sparkcast.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Gap handling for one series on the grid. A gap is a run of grid steps that are absent or miss a
 * number between two complete steps. Runs up to {@code data.gap.max-steps} are imputed (linear between
 * the complete steps on both sides, or forward fill; values present inside the run are kept, missing
 * categories carry forward); a longer run splits the series into segments and its steps are dropped.
 * Incomplete steps before the first or after the last complete step are dropped too. Memory: at most
 * {@code max-steps} pending steps.
 *
 * <p>Split boundaries: imputation never reads a value from another split. A gap whose two complete
 * neighbours lie in different splits (train / validation / test, {@link SplitBoundaries}) is not filled,
 * whatever its length or fill method: the boundary acts like the series' end on the earlier side and its
 * start on the later side. The earlier segment ends at its last complete step, a new one starts at the
 * later side's first complete step, and the missing steps between are dropped
 * ({@link Counter#STEPS_SPLIT_BOUNDARY}). Otherwise a validation value would be interpolated into the
 * training range (its targets and its scaler fit), or a test value into the validation range.
 */
final class GapBridge {
    private final GapFill fill;
    private final int maxGap;
    private final SegmentSink sink;
    private final ProblemCounters counters;
    private final SplitBoundaries boundaries;
    private final long origin;
    private final long step;
    private final int targets;
    private final List<GridStep> pending = new ArrayList<>();
    private GridStep previous;
    private long lastComplete;
    private long firstSeen;
    private long lastSeen;
    private long incompleteRows;
    private long gapSteps;
    private long splits;
    private long boundarySteps;
    private long boundaryCuts;
    private String series;

    /** {@code boundaries}: where the splits start (null: no splits, as for forecasting); {@code origin}: time of bucket 0. */
    GapBridge(CleaningPolicy policy, int targets, SegmentSink sink, ProblemCounters counters, SplitBoundaries boundaries, long origin) {
        this.targets = targets;
        this.boundaries = boundaries;
        this.origin = origin;
        this.step = policy.stepMillis();
        this.fill = policy.gapFill;
        this.maxGap = policy.fillableGap();
        this.sink = sink;
        this.counters = counters;
    }

    void startSeries(String series) {
        this.series = series;
        sink.startSeries(series);
        pending.clear();
        previous = null;
        lastComplete = Long.MIN_VALUE;
        firstSeen = Long.MIN_VALUE;
        incompleteRows = 0;
        gapSteps = 0;
        splits = 0;
        boundarySteps = 0;
        boundaryCuts = 0;
    }

    void accept(GridStep s) {
        if (firstSeen == Long.MIN_VALUE) {
            firstSeen = s.bucket;
        }
        lastSeen = s.bucket;
        if (s.complete()) {
            acceptComplete(s);
        } else if (previous == null) {
            incompleteRows += s.rows;
        } else if (s.bucket - previous.bucket > maxGap) {
            dropPending(s.rows);
            sink.closeSegment();
            previous = null;
        } else {
            pending.add(s);
        }
    }

    private void acceptComplete(GridStep s) {
        if (previous != null) {
            long run = s.bucket - previous.bucket - 1;
            if (run > 0 && run <= maxGap && acrossSplits(previous, s)) {
                dropPending(0);
                boundarySteps += run;
                boundaryCuts++;
                sink.closeSegment();
            } else if (run <= maxGap) {
                bridge(previous, s);
            } else {
                dropPending(0);
                gap(previous.bucket + 1, s.bucket - 1);
                splits++;
                sink.closeSegment();
            }
        } else if (lastComplete != Long.MIN_VALUE) {
            gap(lastComplete + 1, s.bucket - 1);
            splits++;
        } else {
            gap(firstSeen, s.bucket - 1);
        }
        sink.accept(s);
        previous = s;
        lastComplete = s.bucket;
    }

    /** Drops the grid steps {@code from..to} (buckets, inclusive; none when {@code to < from}) as a gap too long to fill, naming the series. */
    private void gap(long from, long to) {
        if (to >= from) {
            gapSteps += to - from + 1;
            counters.name("gap-too-long", "steps", series, to - from + 1, origin + from * step, origin + to * step);
        }
    }

    /** Whether {@code a} and {@code b} lie in different splits. */
    private boolean acrossSplits(GridStep a, GridStep b) {
        return boundaries != null && boundaries.of(series, origin + a.bucket * step) != boundaries.of(series, origin + b.bucket * step);
    }

    /** Imputes every step strictly between two complete steps {@code a} and {@code b}. */
    private void bridge(GridStep a, GridStep b) {
        int next = 0;
        for (long k = a.bucket + 1; k < b.bucket; k++) {
            GridStep real = next < pending.size() && pending.get(next).bucket == k ? pending.get(next++) : null;
            double[] v = new double[a.values.length];
            for (int i = 0; i < v.length; i++) {
                double known = real == null ? Double.NaN : real.values[i];
                if (Double.isFinite(known)) {
                    v[i] = known;
                } else if (fill == GapFill.LINEAR) {
                    v[i] = a.values[i] + (b.values[i] - a.values[i]) * (k - a.bucket) / (double) (b.bucket - a.bucket);
                } else {
                    v[i] = a.values[i];
                }
            }
            boolean observed = real != null;
            for (int i = 0; i < targets && observed; i++) {
                observed = Double.isFinite(real.values[i]);
            }
            String[] c = real == null ? a.categories.clone() : real.categories.clone();
            for (int j = 0; j < c.length; j++) {
                if (c[j] == null) {
                    c[j] = a.categories[j];
                }
            }
            sink.accept(new GridStep(k, v, c, real == null ? 0 : real.rows, true, observed));
        }
        pending.clear();
    }

    private void dropPending(int moreRows) {
        for (GridStep p : pending) {
            incompleteRows += p.rows;
        }
        incompleteRows += moreRows;
        pending.clear();
    }

    /** Ends the series; false if it had no complete step at all (the caller applies {@link Rule#ALL_MISSING_SERIES}). */
    boolean finishSeries() {
        if (lastComplete == Long.MIN_VALUE) {
            return false;
        }
        dropPending(0);
        gap(lastComplete + 1, lastSeen);
        sink.closeSegment();
        counters.add(Counter.ROWS_INCOMPLETE, incompleteRows);
        counters.add(Counter.STEPS_GAP, gapSteps);
        counters.add(Counter.GAPS_SPLIT, splits);
        counters.add(Counter.STEPS_SPLIT_BOUNDARY, boundarySteps);
        counters.add(Counter.GAPS_SPLIT_BOUNDARY, boundaryCuts);
        return true;
    }

    /** Rows of the series seen so far that were incomplete (all of them when it had no complete step). */
    long incompleteRows() {
        return incompleteRows;
    }
}
