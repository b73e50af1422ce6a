package org.sparkcast.data;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Stage 3, per tagged step: keeps the steps of one split whose segment the {@link WindowPlan} placed,
 * scales the numbers with the training-range {@link Scaler}, encodes calendar and categories
 * ({@link FeatureLayout}) and keys the row for its partition, segment order and time.
 */
public final class StepEncoder implements PairFlatMapFunction<Row, StepKey, float[]> {
    private static final long serialVersionUID = 1L;

    private final Split split;
    private final WindowPlan plan;
    private final RowEncoder encoder;
    /** Index of the cleaned row's observed flag, appended to the stored row; -1: not appended. */
    private final int observedColumn;

    /** {@code withObserved}: append the step's observed flag (1 or 0) to every row, as the direct objective's labels need. */
    public StepEncoder(Split split, WindowPlan plan, Scaler scaler, FeatureLayout layout, DataConfig config, boolean withObserved) {
        this.split = split;
        this.plan = plan;
        this.encoder = new RowEncoder(scaler, layout, config);
        this.observedColumn = withObserved ? SeriesCleaner.observedIndex(config) : -1;
    }

    @Override
    public Iterator<Tuple2<StepKey, float[]>> call(Row r) {
        int splitIndex = r.getInt(r.length() - 1); // the split tag comes last
        if (splitIndex != split.ordinal()) {
            return Collections.emptyIterator();
        }
        String series = r.getString(0);
        int[] at = plan.placement(series, r.getInt(1), split);
        if (at == null) {
            return Collections.emptyIterator();
        }
        float[] row = encoder.encode(r);
        if (observedColumn >= 0) {
            row = java.util.Arrays.copyOf(row, row.length + 1);
            row[row.length - 1] = r.getBoolean(observedColumn) ? 1f : 0f;
        }
        return Collections.singletonList(new Tuple2<>(new StepKey(at[0], at[1], r.getLong(2)), row)).iterator();
    }
}
