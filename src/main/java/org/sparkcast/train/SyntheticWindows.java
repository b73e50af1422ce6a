package org.sparkcast.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.sparkcast.data.DemoSeries;
import org.sparkcast.data.WindowBlock;

/**
 * Training windows from {@link DemoSeries} (a noisy daily sine, one-step-ahead), generated on the
 * executors: P partitions of B lanes, each lane one series of S steps cut into windows of k steps (a
 * shorter last window when k does not divide S). Partition p's series are seeded by {@code (seed, p)}.
 * For tests, benchmarks and the demo run until real data is configured.
 */
public final class SyntheticWindows implements Function2<Integer, Iterator<Integer>, Iterator<WindowBlock>> {
    private static final long serialVersionUID = 1L;
    private final int lanes;
    private final int steps;
    private final int window;
    private final long seed;

    public SyntheticWindows(int lanes, int steps, int window, long seed) {
        if (lanes < 1 || steps < 1 || window < 1) {
            throw new IllegalArgumentException("need lanes, steps and window >= 1, got " + lanes + ", " + steps + ", " + window);
        }
        this.lanes = lanes;
        this.steps = steps;
        this.window = window;
        this.seed = seed;
    }

    /** An RDD of {@code partitions} partitions of windows. */
    public JavaRDD<WindowBlock> rdd(JavaSparkContext jsc, int partitions) {
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        return jsc.parallelize(ids, partitions).mapPartitionsWithIndex(this, true);
    }

    @Override
    public Iterator<WindowBlock> call(Integer partition, Iterator<Integer> ignored) {
        return windows(partition).iterator();
    }

    /** The windows of partition {@code p}, in time order. */
    public List<WindowBlock> windows(int partition) {
        DemoSeries data = new DemoSeries(lanes, steps, seed * 1_000_003L + partition);
        List<WindowBlock> out = new ArrayList<>();
        long index = 0;
        for (int t = 0; t < steps; t += window) {
            int len = Math.min(window, steps - t);
            WindowBlock w = new WindowBlock();
            w.partition = partition;
            w.index = index++;
            w.steps = len;
            w.lanes = lanes;
            w.features = 1;
            w.targets = 1;
            w.x = java.util.Arrays.copyOfRange(data.inputs(), t * lanes, (t + len) * lanes);
            w.y = java.util.Arrays.copyOfRange(data.targets(), t * lanes, (t + len) * lanes);
            w.mask = new float[len * lanes];
            java.util.Arrays.fill(w.mask, 1f);
            w.reset = new boolean[lanes];
            java.util.Arrays.fill(w.reset, t == 0);
            w.segment = IntStream.range(0, lanes).toArray();
            out.add(w);
        }
        return out;
    }
}
