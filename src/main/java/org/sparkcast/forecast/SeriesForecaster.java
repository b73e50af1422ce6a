package org.sparkcast.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.sparkcast.data.InvalidDataException;
import org.sparkcast.data.RowEncoder;

/**
 * Executor side of {@code forecast}, over cleaned steps partitioned by series and sorted by series and time:
 * warms the recurrent state through each series' last contiguous segment up to the as-of time (teacher
 * forced, as in training). A direct model's head at the last step then holds the whole forecast. A one-step model rolls out from its last step to {@code as-of + horizon}, feeding its own
 * predictions back as targets, holding the past covariates and categories of the last step, and taking the
 * known-future block (calendar, future covariates) of each target time. Emits {@link ForecastOutput} rows in
 * original units. Memory per series: two stored rows and the roll-out.
 */
final class SeriesForecaster implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ForecastModel model;
    private final ForecastSettings settings;
    private final long asOf;
    /** Series to (time to unscaled future covariates), for the target times; empty without future covariates. */
    private final Map<String, Map<Long, double[]>> future;
    private final CollectionAccumulator<String> unfit;

    SeriesForecaster(ForecastModel model, ForecastSettings settings, long asOf, Map<String, Map<Long, double[]>> future,
                     CollectionAccumulator<String> unfit) {
        this.model = model;
        this.settings = settings;
        this.asOf = asOf;
        this.future = future;
        this.unfit = unfit;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> steps) {
        StepRunner runner = new StepRunner(model);
        RowEncoder encoder = model.encoder();
        int width = model.layout().width();
        float[] pair = new float[2 * width];
        List<Row> out = new ArrayList<>();
        String series = null;
        int segment = -1;
        long lastTime = 0;
        boolean have = false;
        boolean known = true;
        while (steps.hasNext()) {
            Row r = steps.next();
            String s = r.getString(0);
            if (!s.equals(series)) {
                if (series != null && known) {
                    forecast(series, lastTime, runner, encoder, pair, out);
                }
                known = model.scaler().knows(s);
                if (!known) {
                    unfit(s, "the model has no scaling for it: it was not in the model's training data (per-series scaling)");
                }
            }
            if (!known) {
                series = s;
                continue;
            }
            if (!s.equals(series) || r.getInt(1) != segment) {
                series = s;
                segment = r.getInt(1);
                runner.reset();
                have = false;
            }
            float[] row = encoder.encode(r);
            if (have) {
                System.arraycopy(row, 0, pair, width, width);
                runner.feed(pair, 0, width);
            }
            System.arraycopy(row, 0, pair, 0, width);
            have = true;
            lastTime = r.getLong(2);
        }
        if (series != null && known) {
            forecast(series, lastTime, runner, encoder, pair, out);
        }
        return out.iterator();
    }

    /** Rolls one series out from its last step {@code origin} (stored row in {@code pair[0..width)}). */
    private void forecast(String series, long origin, StepRunner runner, RowEncoder encoder, float[] pair, List<Row> out) {
        long step = model.data().policy().stepMillis();
        long lag = (asOf - origin) / step;
        if (lag > settings.maxStaleness(model.data())) {
            unfit(series, "its last complete step is " + Instant.ofEpochMilli(origin) + ", " + lag + " steps before the as-of time "
                    + Instant.ofEpochMilli(asOf) + " (" + ForecastKeys.MAX_STALENESS + "=" + settings.maxStaleness(model.data()) + ")");
            return;
        }
        long history = runner.fed() + 1;
        int need = settings.minHistory(model.data());
        if (history < need) {
            unfit(series, "only " + history + " contiguous steps of history up to " + Instant.ofEpochMilli(origin) + ", fewer than "
                    + need + " (" + ForecastKeys.MIN_HISTORY + ", default one window of data.window.steps)");
            return;
        }
        int steps = (int) lag + settings.horizon();
        int width = model.layout().width();
        float[][] ahead = new float[steps][];
        for (int j = 0; j < steps; j++) {
            long t = origin + (j + 1) * step;
            double[] covariates = new double[model.layout().futureCovariates()];
            if (covariates.length > 0) {
                double[] known = future.getOrDefault(series, Map.of()).get(t);
                if (known == null) {
                    unfit(series, "no value of the known-future covariates " + model.data().features().future() + " at "
                            + Instant.ofEpochMilli(t) + " (a forecast needs them for every target time: add those rows to the data)");
                    return;
                }
                covariates = known;
            }
            ahead[j] = encoder.futureRow(series, t, covariates);
        }
        float[] origin0 = java.util.Arrays.copyOf(pair, width);
        System.arraycopy(ahead[0], 0, pair, width, width);
        runner.feed(pair, 0, width);                            // x(t0): the last observed step
        float[][] predicted;
        float[] outputs = null;
        if (model.direct() == null) {
            predicted = runner.rollout(runner.snapshot(), runner.prediction(), origin0, ahead, steps);
        } else {                                                // direct: the head at the origin holds every step
            if (steps > model.direct().horizon()) {
                unfit(series, "its last complete step is " + lag + " steps before the as-of time and the model forecasts "
                        + model.direct().horizon() + " steps (train.horizon): " + steps + " needed");
                return;
            }
            outputs = runner.prediction();
            predicted = new float[steps][model.layout().targets()];
            for (int j = 0; j < steps; j++) {
                for (int i = 0; i < predicted[j].length; i++) {
                    predicted[j][i] = model.point(outputs, origin0, j, i);
                }
            }
        }
        int levels = ForecastOutput.quantileColumns(model).size();
        List<String> targets = model.targetNames();
        for (int j = (int) lag; j < steps; j++) {
            java.sql.Timestamp target = new java.sql.Timestamp(origin + (j + 1) * step);
            for (int i = 0; i < targets.size(); i++) {
                Object[] row = new Object[6 + levels];
                row[0] = series;
                row[1] = new java.sql.Timestamp(asOf);
                row[2] = target;
                row[3] = j - (int) lag + 1;
                row[4] = targets.get(i);
                row[5] = encoder.invertTarget(series, i, predicted[j][i]);
                if (levels > 0) {
                    float[] q = model.sortedQuantiles(outputs, origin0, j, i);
                    for (int k = 0; k < levels; k++) {
                        row[6 + k] = encoder.invertTarget(series, i, q[k]);
                    }
                }
                out.add(RowFactory.create(row));
            }
        }
    }

    private void unfit(String series, String why) {
        String message = "series '" + series + "': " + why;
        if (settings.skipUnfit()) {
            unfit.add(message);
        } else {
            throw new InvalidDataException(message + "; set " + ForecastKeys.UNFIT_SERIES + "=skip to forecast the other series");
        }
    }
}
