package org.sparkcast.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * Stage 3, per block of cleaned steps: keeps the steps of one split whose segment the {@link WindowPlan} placed,
 * scales the numbers with the training-range {@link Scaler}, encodes calendar and categories
 * ({@link FeatureLayout}) and keys each row for its partition, segment order and time.
 */
public final class StepEncoder implements PairFlatMapFunction<StepBlock, StepKey, float[]> {
    private static final long serialVersionUID = 1L;

    private final Split split;
    private final WindowPlan plan;
    private final RowEncoder encoder;
    /** Append the step's observed flag (1 or 0) to every row. */
    private final boolean withObserved;

    /** {@code withObserved}: append the step's observed flag (1 or 0) to every row, as the direct objective's labels need. */
    public StepEncoder(Split split, WindowPlan plan, Scaler scaler, FeatureLayout layout, DataConfig config, boolean withObserved) {
        this.split = split;
        this.plan = plan;
        this.encoder = new RowEncoder(scaler, layout, config);
        this.withObserved = withObserved;
    }

    @Override
    public Iterator<Tuple2<StepKey, float[]>> call(StepBlock b) {
        List<Tuple2<StepKey, float[]>> out = new ArrayList<>();
        for (int k = 0; k < b.size; k++) {
            if (b.split[k] != split.ordinal()) {
                continue;
            }
            int[] at = plan.placement(b.series, b.segment[k], split);
            if (at == null) {
                continue;
            }
            float[] row = encoder.encode(b, k);
            if (withObserved) {
                row = java.util.Arrays.copyOf(row, row.length + 1);
                row[row.length - 1] = b.observed[k] ? 1f : 0f;
            }
            out.add(new Tuple2<>(new StepKey(at[0], at[1], b.time[k]), row));
        }
        return out.iterator();
    }
}
