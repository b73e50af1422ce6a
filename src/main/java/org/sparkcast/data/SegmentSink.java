package org.sparkcast.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Receives the complete steps of one series in time order and emits them, numbered by segment, in
 * {@link StepBlock}s. Holds back the first {@code minSteps} steps of a segment until it is known to be long
 * enough ({@link Rule#SHORT_SEGMENT}); cuts segments at {@code maxSteps}. Memory: at most
 * {@code minSteps} steps and one block.
 */
final class SegmentSink {
    private final DataConfig config;
    private final ProblemCounters counters;
    private final Queue<StepBlock> out;
    private final StepBlock.Builder block;
    private final int minSteps;
    private final int maxSteps;
    private final long origin;
    private final long step;
    /** Null: no split column; else each step's split is emitted last. */
    private final SplitBoundaries boundaries;
    private final List<GridStep> held = new ArrayList<>();
    private String series;
    private int segment;
    private int length;
    private boolean released;
    private int keptInSeries;
    private long[] seriesBoundaries;

    /** {@code boundaries}: each emitted step carries its split's ordinal ({@link StepBlock#split}); null: none. */
    SegmentSink(DataConfig config, ProblemCounters counters, Queue<StepBlock> out, long origin, SplitBoundaries boundaries) {
        this.boundaries = boundaries;
        this.config = config;
        this.counters = counters;
        this.out = out;
        this.minSteps = config.minSegmentSteps();
        this.maxSteps = config.policy().maxSegmentSteps;
        this.origin = origin;
        this.step = config.policy().stepMillis();
        this.block = new StepBlock.Builder(config.features().numericColumns().size(), config.features().categorical().size(),
                boundaries != null);
    }

    void startSeries(String name) {
        series = name;
        seriesBoundaries = boundaries == null ? null : boundaries.of(name);
        segment = 0;
        length = 0;
        released = false;
        keptInSeries = 0;
        held.clear();
    }

    /** Emits the series' last block (after its last segment was closed). */
    void finishSeries() {
        StepBlock last = block.take();
        if (last != null) {
            out.add(last);
        }
    }

    /** Segments of the current series kept so far. */
    int segmentsKept() {
        return keptInSeries;
    }

    void accept(GridStep s) {
        length++;
        if (released) {
            emit(s);
        } else {
            held.add(s);
            if (held.size() >= minSteps) {
                release();
            }
        }
        if (maxSteps > 0 && length >= maxSteps) {
            closeSegment();
        }
    }

    /** Ends the current segment (at a long gap, at {@code maxSteps}, or at the end of the series). */
    void closeSegment() {
        if (length == 0) {
            return;
        }
        if (!released) {
            Action a = config.policy().action(Rule.SHORT_SEGMENT);
            if (a == Action.ERROR) {
                throw new InvalidDataException("series '" + series + "', segment from " + time(held.get(0)) + " to "
                        + time(held.get(held.size() - 1)) + ": " + held.size() + " steps, shorter than one window (min "
                        + minSteps + " steps, " + DataKeys.SEGMENT_MIN_STEPS + " or " + DataKeys.WINDOW_STEPS + " + 1); set "
                        + DataKeys.POLICY_PREFIX + Rule.SHORT_SEGMENT.configName() + "=drop or keep");
            } else if (a == Action.KEEP) {
                release();
            } else {
                counters.add(Counter.SEGMENTS_SHORT, 1);
                counters.add(Counter.STEPS_SHORT_SEGMENT, held.size());
                counters.add(Counter.ROWS_SHORT_SEGMENT, held.stream().mapToLong(h -> h.rows).sum());
                counters.name(Rule.SHORT_SEGMENT.configName(), "steps", series, held.size(), millis(held.get(0)),
                        millis(held.get(held.size() - 1)));
                held.clear();
            }
        }
        if (released) {
            counters.add(Counter.SEGMENTS_KEPT, 1);
            segment++;
            keptInSeries++;
        }
        length = 0;
        released = false;
    }

    private void release() {
        for (GridStep h : held) {
            emit(h);
        }
        held.clear();
        released = true;
    }

    private void emit(GridStep s) {
        long time = origin + s.bucket * step;
        int split = boundaries == null ? -1 : SplitBoundaries.split(seriesBoundaries, time).ordinal();
        block.add(series, segment, time, s.values, s.categories, s.targetsObserved, !s.imputed, split);
        if (block.full()) {
            out.add(block.take());
        }
        counters.add(Counter.STEPS_KEPT, 1);
        counters.add(Counter.ROWS_KEPT, s.rows);
        counters.add(Counter.STEPS_IMPUTED, s.imputed ? 1 : 0);
    }

    private String time(GridStep s) {
        return RowLocation.time(millis(s), config.source().zoneId());
    }

    private long millis(GridStep s) {
        return origin + s.bucket * step;
    }
}
