package org.sparkcast.data;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * A cleaned step row ({@link SeriesCleaner#schema}) as the float row the engine reads: numbers scaled with
 * the training-range {@link Scaler}, calendar and categories encoded by the {@link FeatureLayout}. Training
 * ({@link StepEncoder}) and forecasting use this one encoding.
 */
public final class RowEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Scaler scaler;
    private final FeatureLayout layout;
    private final int numeric;
    private final int categorical;

    public RowEncoder(Scaler scaler, FeatureLayout layout, DataConfig config) {
        this.scaler = scaler;
        this.layout = layout;
        this.numeric = config.features().numericColumns().size();
        this.categorical = config.features().categorical().size();
    }

    /** The stored (scaled, encoded) row of a cleaned step; every value finite. */
    public float[] encode(Row r) {
        double[] values = new double[numeric];
        for (int i = 0; i < numeric; i++) {
            values[i] = r.getDouble(3 + i);
        }
        String[] cats = new String[categorical];
        for (int j = 0; j < categorical; j++) {
            cats[j] = r.getString(3 + numeric + j);
        }
        return encode(r.getString(0), r.getLong(2), values, cats);
    }

    /** The same for step {@code k} of a block. */
    public float[] encode(StepBlock b, int k) {
        double[] values = java.util.Arrays.copyOfRange(b.values, k * numeric, (k + 1) * numeric);
        String[] cats = new String[categorical];
        for (int j = 0; j < categorical; j++) {
            cats[j] = b.category(k, j);
        }
        return encode(b.series, b.time[k], values, cats);
    }

    /** {@code values}: the step's unscaled numbers (scaled here, in place); {@code cats}: its categories, null where missing. */
    private float[] encode(String series, long time, double[] values, String[] cats) {
        scaler.apply(series, values);
        float[] row = layout.encode(values, time, cats);
        for (float v : row) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("non-finite feature after scaling in series '" + series + "' at " + time
                        + " (a bug: cleaning lets only finite values through)");
            }
        }
        return row;
    }

    /**
     * The known-future block of {@code time} (future covariates, scaled, then calendar) written into a row
     * of the layout's width; the other slots are zero. {@code future}: the unscaled future covariates.
     */
    public float[] futureRow(String series, long time, double[] future) {
        double[] values = new double[numeric];
        int start = numeric - future.length;
        System.arraycopy(future, 0, values, start, future.length);
        scaler.apply(series, values);
        for (int i = 0; i < start; i++) {
            values[i] = 0;
        }
        return layout.encode(values, time, new String[categorical]);
    }

    /** The target values of a cleaned row, in original units. */
    public double[] targets(Row r) {
        double[] t = new double[layout.targets()];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.getDouble(3 + i);
        }
        return t;
    }

    public double invertTarget(String series, int target, double scaled) {
        return scaler.invert(series, target, scaled);
    }

    public FeatureLayout layout() { return layout; }
    public Scaler scaler() { return scaler; }
}
