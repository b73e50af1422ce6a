package org.sparkcast.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * What the driver needs of one series' cleaned steps, summarised where they are persisted: its first and last time,
 * the steps of each (segment, split) run, and the {@link ColumnMoments} of its training steps (the scaling's fit).
 * Steps come in time order, so a segment's steps within one split are one run, and the runs come in order.
 *
 * <p>A plain final class (not a record) because Spark's bundled Kryo ships it.
 */
public final class SeriesSummary {
    public String series;
    public long first;
    public long last;
    /** Runs of steps of one segment within one split: their number, segment, split ordinal (-1 without splits), steps. */
    public int runs;
    public int[] runSegment;
    public int[] runSplit;
    public long[] runSteps;
    public ColumnMoments train;

    /** For Kryo. */
    public SeriesSummary() {
    }

    private SeriesSummary(String series, long first, int numeric) {
        this.series = series;
        this.first = first;
        this.runSegment = new int[4];
        this.runSplit = new int[4];
        this.runSteps = new long[4];
        this.train = new ColumnMoments(numeric);
    }

    /** {first, last} time. */
    long[] range() {
        return new long[] {first, last};
    }

    /** The segments of each split, with their lengths in steps. */
    List<SegmentRef> segments() {
        List<SegmentRef> out = new ArrayList<>(runs);
        for (int r = 0; r < runs; r++) {
            out.add(new SegmentRef(series, runSegment[r], Split.values()[runSplit[r]], runSteps[r]));
        }
        return out;
    }

    private void add(StepBlock b) {
        for (int k = 0; k < b.size; k++) {
            int split = b.split == null ? -1 : b.split[k];
            if (runs == 0 || runSegment[runs - 1] != b.segment[k] || runSplit[runs - 1] != split) {
                if (runs == runSegment.length) {
                    runSegment = Arrays.copyOf(runSegment, 2 * runs);
                    runSplit = Arrays.copyOf(runSplit, 2 * runs);
                    runSteps = Arrays.copyOf(runSteps, 2 * runs);
                }
                runSegment[runs] = b.segment[k];
                runSplit[runs] = split;
                runs++;
            }
            runSteps[runs - 1]++;
            if (split == Split.TRAIN.ordinal()) {
                train.add(b.values, k * b.numeric);
            }
        }
        last = b.time[b.size - 1];
    }

    /** One summary per series of a partition's blocks (a series' blocks are consecutive in its partition). */
    static final class Of implements FlatMapFunction<Iterator<StepBlock>, SeriesSummary> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<SeriesSummary> call(Iterator<StepBlock> blocks) {
            List<SeriesSummary> out = new ArrayList<>();
            SeriesSummary current = null;
            while (blocks.hasNext()) {
                StepBlock b = blocks.next();
                if (current == null || !current.series.equals(b.series)) {
                    current = new SeriesSummary(b.series, b.time[0], b.numeric);
                    out.add(current);
                }
                current.add(b);
            }
            return out.iterator();
        }
    }
}
