package org.sparkcast.forecast;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.sparkcast.data.RowEncoder;
import org.sparkcast.data.SeriesCleaner;
import org.sparkcast.data.Split;
import org.sparkcast.data.SplitBoundaries;
import org.sparkcast.engine.RecurrentState;
import org.sparkcast.evaluate.IntervalSums;
import org.sparkcast.evaluate.OriginForecast;

/**
 * Executor side of {@code evaluate}, a rolling-origin backtest over cleaned steps partitioned by series and
 * sorted by time. The model runs teacher forced through each series from the start of every segment (an
 * expanding window: each origin's forecast has seen all history before it); origins are the steps t0 whose
 * next step lies in the test range, every {@code stride} steps from the first; from each, the saved state
 * rolls out H steps exactly as {@code forecast} does (own predictions fed back, past covariates and
 * categories held, known-future blocks of the target times). Once the H actuals have arrived the forecast is
 * compared with them and with two baselines — naive (the value at t0) and seasonal naive (the value one
 * season before the target time) — in original units; actuals that were imputed are not scored, and an origin
 * whose step was imputed (filled from values after it) is left out and counted. Memory per
 * series: a ring of season + H + 1 rows and the pending origins' states.
 */
final class Backtester implements FlatMapFunction<Iterator<Row>, BacktestPart> {
    private static final long serialVersionUID = 1L;

    private final ForecastModel model;
    private final SplitBoundaries boundaries;
    private final int horizon;
    private final int stride;
    private final int season;
    private final int minHistory;
    private final Set<String> plot;
    /** Minute of the day of every origin in the data's zone, or -1: every stride steps. */
    private final int originMinute;
    private final String zone;
    private final Split range;

    Backtester(ForecastModel model, SplitBoundaries boundaries, ForecastSettings settings, Set<String> plot) {
        if (model.direct() != null && settings.evalHorizon() > model.direct().horizon()) {
            throw new IllegalArgumentException(ForecastKeys.EVAL_HORIZON + "=" + settings.evalHorizon() + " is longer than the "
                    + model.direct().horizon() + " steps the model in " + model.dir() + " was trained to forecast (train.horizon)");
        }
        this.originMinute = settings.originMinute();
        this.range = settings.evalRange();
        this.zone = model.data().source().zoneId().getId();
        this.model = model;
        this.boundaries = boundaries;
        this.horizon = settings.evalHorizon();
        this.stride = settings.evalStride();
        this.season = settings.season(model.data());
        this.minHistory = Math.max(settings.minHistory(model.data()), season);
        this.plot = plot;
    }

    /**
     * A pending origin: the state after x(t0) was fed (null for a direct model), the head's outputs there (the prediction
     * of t0+1, or of t0+1 .. t0+H for a direct model), and t0's index in the segment.
     */
    private record Pending(long index, RecurrentState state, float[] first) {
    }

    @Override
    public Iterator<BacktestPart> call(Iterator<Row> steps) {
        BacktestPart part = new BacktestPart(model.targetNames(), horizon);
        if (model.direct() != null && model.direct().quantiles().length >= 2) {
            float[] q = model.direct().quantiles();
            double[] levels = new double[q.length];
            for (int k = 0; k < q.length; k++) {
                levels[k] = q[k];
            }
            part.intervals = new IntervalSums(model.targetNames(), horizon, levels);
        }
        new Walk(part).run(steps);
        return List.of(part).iterator();
    }

    private final class Walk {
        private final BacktestPart part;
        private final StepRunner runner = new StepRunner(model);
        private final RowEncoder encoder = model.encoder();
        private final int width = model.layout().width();
        private final int targets = model.layout().targets();
        private final int ring = season + horizon + 1;
        private final float[][] rows = new float[ring][];
        private final double[][] values = new double[ring][];
        private final boolean[] observed = new boolean[ring];
        private final boolean[] complete = new boolean[ring];
        private final int completeColumn = SeriesCleaner.completeIndex(model.data());
        private final long[] times = new long[ring];
        private final float[] pair = new float[2 * width];
        private final long step = model.data().policy().stepMillis();
        private final int observedColumn = SeriesCleaner.observedIndex(model.data());
        private final List<Pending> pending = new ArrayList<>();
        private String series;
        private int segment;
        private long index;
        private long firstOrigin;
        private long seriesOrigins;
        private boolean known;
        /** Per target, the series' in-sample seasonal-naive absolute errors on the training range, and their count. */
        private final double[] scaleSum = new double[targets];
        private final long[] scaleCount = new long[targets];

        Walk(BacktestPart part) {
            this.part = part;
        }

        void run(Iterator<Row> steps) {
            while (steps.hasNext()) {
                Row r = steps.next();
                String s = r.getString(0);
                if (!s.equals(series)) {
                    endSeries();
                    series = s;
                    firstOrigin = Long.MIN_VALUE;
                    seriesOrigins = 0;
                    known = model.scaler().knows(s);
                    if (!known) {
                        part.seriesNotInModel.add(s);
                    }
                    startSegment(r.getInt(1));
                }
                if (!known) {
                    continue;
                }
                if (r.getInt(1) != segment) {
                    startSegment(r.getInt(1));
                }
                accept(r);
            }
            endSeries();
        }

        private void startSegment(int number) {
            part.originsCutByGap += pending.size();
            pending.clear();
            segment = number;
            index = -1;
            runner.reset();
        }

        private void endSeries() {
            if (series != null && known) {
                for (int i = 0; i < targets; i++) {
                    if (scaleCount[i] > 0) {
                        part.sums.setScale(series, i, scaleSum[i] / scaleCount[i]);
                    }
                }
                java.util.Arrays.fill(scaleSum, 0);
                java.util.Arrays.fill(scaleCount, 0);
                part.originsCutByGap += pending.size();
                pending.clear();
                if (seriesOrigins == 0) {
                    part.seriesWithoutOrigins.add(series);
                }
            }
        }

        private void accept(Row r) {
            index++;
            int slot = (int) (index % ring);
            rows[slot] = encoder.encode(r);
            values[slot] = encoder.targets(r);
            observed[slot] = r.getBoolean(observedColumn);
            complete[slot] = r.getBoolean(completeColumn);
            times[slot] = r.getLong(2);
            addToScale(slot);
            if (index == 0) {
                return;
            }
            // teacher forcing: x(t0) from the rows of t0 and t0+1
            int prev = (int) ((index - 1) % ring);
            System.arraycopy(rows[prev], 0, pair, 0, width);
            System.arraycopy(rows[slot], 0, pair, width, width);
            runner.feed(pair, 0, width);
            long t0 = times[prev];
            if (isOrigin(t0, index - 1)) {
                if (complete[prev]) {
                    pending.add(new Pending(index - 1, model.direct() == null ? runner.snapshot() : null, runner.prediction()));
                    seriesOrigins++;
                } else {
                    part.originsAtImputedSteps++; // imputed from later values: a forecast made then could not see them
                }
            }
            if (!pending.isEmpty() && pending.get(0).index + horizon == index) {
                score(pending.remove(0));
            }
        }

        /** Adds |y_t - y_(t-season)| of a training-range step to the series' MASE scale, both observed, in one segment. */
        private void addToScale(int slot) {
            if (index < season || !observed[slot] || boundaries.of(series, times[slot]) != Split.TRAIN) {
                return;
            }
            int back = (int) ((index - season) % ring);
            if (!observed[back]) {
                return;
            }
            for (int i = 0; i < targets; i++) {
                scaleSum[i] += Math.abs(values[slot][i] - values[back][i]);
                scaleCount[i]++;
            }
        }

        private boolean isOrigin(long t0, long at) {
            if (boundaries.of(series, t0 + step) != range) {
                return false;
            }
            if (firstOrigin == Long.MIN_VALUE) {
                firstOrigin = t0;
            }
            if (originMinute >= 0) {
                java.time.ZonedDateTime local = java.time.Instant.ofEpochMilli(t0).atZone(java.time.ZoneId.of(zone));
                return local.getHour() * 60 + local.getMinute() == originMinute && enoughHistory(at);
            }
            return (t0 - firstOrigin) / step % stride == 0 && enoughHistory(at);
        }

        /** Whether an origin at index {@code at} of its segment has the history it needs; counts it when not. */
        private boolean enoughHistory(long at) {
            if (at + 1 >= minHistory) {
                return true;
            }
            part.originsShortHistory++;
            return false;
        }

        private void score(Pending p) {
            float[][] ahead = new float[horizon][];
            long[] targetTimes = new long[horizon];
            for (int j = 0; j < horizon; j++) {
                int slot = (int) ((p.index + 1 + j) % ring);
                ahead[j] = rows[slot];
                targetTimes[j] = times[slot];
            }
            int origin = (int) (p.index % ring);
            float[][] scaled = model.direct() == null ? runner.rollout(p.state, p.first, rows[origin], ahead, horizon) : null;
            double[][] predicted = new double[horizon][targets];
            double[][] actual = new double[horizon][targets];
            double[][] naive = new double[horizon][targets];
            double[][] seasonal = new double[horizon][targets];
            double[][][] levels = part.intervals == null ? null : new double[horizon][targets][];
            for (int h = 0; h < horizon; h++) {
                int slot = (int) ((p.index + 1 + h) % ring);
                // one season before the target time, at or before the origin
                long back = p.index + 1 + h - (long) season * ((h + season) / season);
                int seasonalSlot = (int) (back % ring);
                for (int i = 0; i < targets; i++) {
                    float point = scaled != null ? scaled[h][i] : model.point(p.first, rows[origin], h, i);
                    predicted[h][i] = encoder.invertTarget(series, i, point);
                    actual[h][i] = observed[slot] ? values[slot][i] : Double.NaN;
                    naive[h][i] = values[origin][i];
                    seasonal[h][i] = values[seasonalSlot][i];
                    if (part.intervals != null) {
                        float[] q = model.sortedQuantiles(p.first, rows[origin], h, i);
                        double[] inverted = new double[q.length];
                        for (int k = 0; k < q.length; k++) {
                            inverted[k] = encoder.invertTarget(series, i, q[k]);   // monotone: the order holds
                        }
                        part.intervals.add(i, h, actual[h][i], inverted);
                        levels[h][i] = inverted;
                    }
                }
            }
            OriginForecast f = new OriginForecast(series, times[origin], targetTimes, predicted, actual, naive, seasonal, levels);
            for (int h = 0; h < horizon; h++) {
                for (int i = 0; i < targets; i++) {
                    part.forecasts.add(BacktestForecasts.row(f, h, i, model.targetNames().get(i),
                            levels == null ? null : levels[h][i]));
                }
            }
            part.sums.add(f);
            part.origins++;
            if (plot.contains(series)) {
                part.plotted.add(f);
            }
        }
    }
}
