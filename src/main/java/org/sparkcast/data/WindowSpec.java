package org.sparkcast.data;

import java.io.Serializable;
import java.util.Objects;
import java.util.Properties;

/** The tBPTT layout: k steps per window, B lanes per partition, the number of partitions and the seed of their assignment. */
public final class WindowSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final int steps;
    final int lanes;
    final int partitions;
    final long seed;
    /** 0: the cleaning runs in {@link #partitions} tasks. */
    final int cleaningPartitions;

    WindowSpec(int steps, int lanes, int partitions, long seed, int cleaningPartitions) {
        this.steps = steps;
        this.lanes = lanes;
        this.partitions = partitions;
        this.seed = seed;
        this.cleaningPartitions = cleaningPartitions;
    }

    static WindowSpec read(ConfigReader r) {
        return new WindowSpec(r.integer(DataKeys.WINDOW_STEPS, 1, 100_000), r.integer(DataKeys.WINDOW_LANES, 1, 100_000),
                r.integer(DataKeys.PARTITIONS, 1, 100_000), r.integer(DataKeys.SEED, Integer.MIN_VALUE, Integer.MAX_VALUE),
                r.integer(DataKeys.CLEANING_PARTITIONS, 0, 100_000));
    }

    void write(Properties p) {
        p.setProperty(DataKeys.WINDOW_STEPS, String.valueOf(steps));
        p.setProperty(DataKeys.WINDOW_LANES, String.valueOf(lanes));
        p.setProperty(DataKeys.PARTITIONS, String.valueOf(partitions));
        p.setProperty(DataKeys.SEED, String.valueOf(seed));
        if (cleaningPartitions > 0) { // left out at its default, so the data fingerprints of earlier runs stay the same
            p.setProperty(DataKeys.CLEANING_PARTITIONS, String.valueOf(cleaningPartitions));
        }
    }

    public int steps() { return steps; }
    public int lanes() { return lanes; }
    public int partitions() { return partitions; }

    /**
     * Tasks of the cleaning: each series is cleaned whole in one of them, so any count gives the same steps, windows and
     * per-series scaling (a global scaling's mean and deviation are summed over them and may differ in the last bits).
     */
    public int cleaningPartitions() { return cleaningPartitions > 0 ? cleaningPartitions : partitions; }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowSpec w && steps == w.steps && lanes == w.lanes && partitions == w.partitions && seed == w.seed
                && cleaningPartitions == w.cleaningPartitions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps, lanes, partitions, seed, cleaningPartitions);
    }
}
