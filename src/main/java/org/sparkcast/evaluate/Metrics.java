package org.sparkcast.evaluate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.sparkcast.evaluate.SeriesErrorSums.Kind;

/**
 * Metrics of {@link ErrorSums}, per target: {@code overall} (pooled over every scored point of every series,
 * not a mean of per-series means), {@code by_series} (the same per series) and {@code by_horizon} (the MAE
 * of each forecaster at each step 1..H).
 *
 * <ul>
 *   <li>MAE = Σ|e| / n, RMSE = √(Σe² / n), sMAPE = 100 % · Σ(2|f−a| / (|f|+|a|)) / n (a term is 0 when f and
 *       a are both 0), with e = f − a over the n scored points.</li>
 *   <li><b>Relative MAE</b> is the model's MAE divided by a baseline's MAE on exactly the same (series, origin,
 *       step) points: {@code relative_mae_naive} = MAE<sub>model</sub> / MAE<sub>naive</sub>,
 *       {@code relative_mae_seasonal_naive} = MAE<sub>model</sub> / MAE<sub>seasonal naive</sub>; below 1 the model
 *       beats that baseline.</li>
 *   <li><b>MASE</b> (Hyndman &amp; Koehler) divides each series' absolute errors by that series' in-sample
 *       seasonal-naive MAE on its training range ({@link ErrorSums#setScale}), pooled over points.</li>
 * </ul>
 * A value that is undefined (no scored points, a baseline MAE of 0) or not finite is written as
 * {@code null}, and {@code null_reasons} beside it says why: the JSON never holds NaN or Infinity.
 */
public final class Metrics {
    public static final String FORMAT = "sparkcast-metrics";
    /** Version 2: the MAE ratios are named relative_mae_* (they were mase_*), and mase is Hyndman's. */
    public static final int VERSION = 2;
    public static final String RELATIVE_MAE_DEFINITION = "relative_mae_naive = MAE(model) / MAE(naive) and relative_mae_seasonal_naive"
            + " = MAE(model) / MAE(seasonal_naive), each MAE over exactly the same scored (series, origin, step)"
            + " points; < 1 means the model beats that baseline. A relative MAE on the test points: unlike"
            + " Hyndman and Koehler's MASE it is not scaled by the in-sample one-step naive MAE.";
    public static final String MASE_DEFINITION = "mase = mean over the scored points of |e| / scale of the point's series,"
            + " scale = the series' in-sample seasonal-naive MAE (season evaluate.season) on its training range (Hyndman and"
            + " Koehler 2006); series without a scale are left out of it";
    public static final String SMAPE_DEFINITION = "smape = 100 * mean(2|f - a| / (|f| + |a|)) in %, a term"
            + " being 0 when f and a are both 0";
    public static final String SCORING = "a point is scored when its actual was observed and the model and"
            + " both baselines are finite; points_unobserved and points_nonfinite_forecast count the others";

    private Metrics() {
    }

    /** MAE, RMSE and sMAPE (in %) of one forecaster; null where undefined. */
    record Errors(Double mae, Double rmse, Double smape, Double mase) {
    }

    /** The metrics of a set of points (one series, or all of them). */
    record Summary(Map<Forecaster, Errors> errors, Double relativeMaeNaive, Double relativeMaeSeasonalNaive, long points,
            int series, long origins, long unobserved, long nonfiniteForecast, Map<String, String> nullReasons) {
    }

    /** The MAE of every forecaster at one step (1-based). */
    record StepMae(int step, long points, Map<Forecaster, Double> mae, Map<String, String> nullReasons) {
    }

    record TargetMetrics(String target, Summary overall, NavigableMap<String, Summary> bySeries,
            List<StepMae> byHorizon) {
    }

    /** The metrics of {@code sums} as a JSON-ready map (nested maps, lists, strings, numbers and nulls). */
    public static Map<String, Object> of(ErrorSums sums) {
        return of(sums, compute(sums));
    }

    /** As {@link #of(ErrorSums)}, from the already {@link #compute computed} metrics of {@code sums}. */
    static Map<String, Object> of(ErrorSums sums, List<TargetMetrics> computed) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("horizon", sums.horizon());
        root.put("relative_mae_definition", RELATIVE_MAE_DEFINITION);
        root.put("mase_definition", MASE_DEFINITION);
        root.put("smape_definition", SMAPE_DEFINITION);
        root.put("scoring", SCORING);
        Map<String, Object> targets = new LinkedHashMap<>();
        for (TargetMetrics t : computed) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("overall", toJson(t.overall()));
            Map<String, Object> bySeries = new LinkedHashMap<>();
            t.bySeries().forEach((name, s) -> bySeries.put(name, toJson(s)));
            json.put("by_series", bySeries);
            json.put("by_horizon", t.byHorizon().stream().map(Metrics::toJson).toList());
            targets.put(t.target(), json);
        }
        root.put("targets", targets);
        return root;
    }

    /** The metrics of every target of {@code sums}, in target order. */
    static List<TargetMetrics> compute(ErrorSums sums) {
        List<TargetMetrics> out = new ArrayList<>();
        for (int y = 0; y < sums.targets().size(); y++) {
            Pool overall = new Pool();
            NavigableMap<String, Summary> bySeries = new TreeMap<>();
            for (Map.Entry<String, SeriesErrorSums> e : sums.bySeries().entrySet()) {
                Pool one = new Pool();
                one.add(e.getValue(), y);
                bySeries.put(e.getKey(), one.summary());
                overall.add(e.getValue(), y); // pooled in series-name order: the same bits whatever the merge order
            }
            List<StepMae> byHorizon = new ArrayList<>();
            for (int h = 0; h < sums.horizon(); h++) {
                byHorizon.add(stepMae(sums, y, h));
            }
            out.add(new TargetMetrics(sums.targets().get(y), overall.summary(), bySeries, byHorizon));
        }
        return out;
    }

    private static StepMae stepMae(ErrorSums sums, int y, int h) {
        long points = 0;
        double[] abs = new double[Forecaster.values().length];
        for (SeriesErrorSums s : sums.bySeries().values()) {
            points += s.points(y, h);
            for (Forecaster f : Forecaster.values()) {
                abs[f.ordinal()] += s.sum(f, Kind.ABS, y, h);
            }
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<Forecaster, Double> mae = new EnumMap<>(Forecaster.class);
        for (Forecaster f : Forecaster.values()) {
            mae.put(f, defined(abs[f.ordinal()], points, f.jsonName(), reasons));
        }
        return new StepMae(h + 1, points, mae, reasons);
    }

    /** Counts and sums pooled over series and steps, in the order they are added. */
    private static final class Pool {
        private long points;
        private int series;
        private long origins;
        private long unobserved;
        private long nonfinite;
        private final double[][] sums = new double[Forecaster.values().length][Kind.values().length];
        /** Per forecaster, the absolute errors divided by their series' MASE scale, and the points of series that have one. */
        private final double[] scaledAbs = new double[Forecaster.values().length];
        private long scaledPoints;

        void add(SeriesErrorSums s, int y) {
            series++;
            double scale = s.scale[y];
            boolean scaled = scale > 0 && Double.isFinite(scale);
            origins += s.origins;
            unobserved += s.unobserved[y];
            nonfinite += s.nonfiniteForecast[y];
            for (int h = 0; h < s.horizon; h++) {
                points += s.points(y, h);
                scaledPoints += scaled ? s.points(y, h) : 0;
                for (Forecaster f : Forecaster.values()) {
                    for (Kind k : Kind.values()) {
                        sums[f.ordinal()][k.ordinal()] += s.sum(f, k, y, h);
                    }
                    scaledAbs[f.ordinal()] += scaled ? s.sum(f, Kind.ABS, y, h) / scale : 0;
                }
            }
        }

        Summary summary() {
            Map<String, String> reasons = new LinkedHashMap<>();
            Map<Forecaster, Errors> errors = new EnumMap<>(Forecaster.class);
            for (Forecaster f : Forecaster.values()) {
                double[] s = sums[f.ordinal()];
                String key = f.jsonName();
                errors.put(f, new Errors(defined(s[Kind.ABS.ordinal()], points, key + ".mae", reasons),
                        points == 0 ? noPoints(key + ".rmse", reasons)
                                : finite(Math.sqrt(s[Kind.SQUARED.ordinal()] / points), key + ".rmse", reasons),
                        points == 0 ? noPoints(key + ".smape", reasons)
                                : finite(100 * s[Kind.SMAPE.ordinal()] / points, key + ".smape", reasons),
                        scaledPoints == 0 ? noScale(key + ".mase", reasons) : finite(scaledAbs[f.ordinal()] / scaledPoints, key + ".mase", reasons)));
            }
            double modelAbs = sums[Forecaster.MODEL.ordinal()][Kind.ABS.ordinal()];
            return new Summary(errors, mase(modelAbs, Forecaster.NAIVE, "relative_mae_naive", reasons),
                    mase(modelAbs, Forecaster.SEASONAL_NAIVE, "relative_mae_seasonal_naive", reasons), points, series,
                    origins, unobserved, nonfinite, reasons);
        }

        private Double mase(double modelAbs, Forecaster baseline, String key, Map<String, String> reasons) {
            double baselineAbs = sums[baseline.ordinal()][Kind.ABS.ordinal()];
            if (points == 0) {
                return noPoints(key, reasons);
            }
            if (baselineAbs == 0) {
                reasons.put(key, baseline.jsonName() + " MAE is 0 on these points (a perfect baseline): the ratio"
                        + " is undefined");
                return null;
            }
            return finite(modelAbs / baselineAbs, key, reasons); // the counts cancel: same points
        }
    }

    /** sum / count, or null with a reason when there are no points or the mean is not finite. */
    private static Double defined(double sum, long count, String key, Map<String, String> reasons) {
        return count == 0 ? noPoints(key, reasons) : finite(sum / count, key, reasons);
    }

    private static Double noScale(String key, Map<String, String> reasons) {
        reasons.put(key, "no scored series has an in-sample seasonal-naive MAE above 0 on its training range");
        return null;
    }

    private static Double noPoints(String key, Map<String, String> reasons) {
        reasons.put(key, "no scored points");
        return null;
    }

    private static Double finite(double value, String key, Map<String, String> reasons) {
        if (!Double.isFinite(value)) {
            reasons.put(key, "not finite: the error sums overflowed the double range");
            return null;
        }
        return value;
    }

    private static Map<String, Object> toJson(Summary s) {
        Map<String, Object> json = new LinkedHashMap<>();
        s.errors().forEach((f, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mae", e.mae());
            m.put("rmse", e.rmse());
            m.put("smape", e.smape());
            m.put("mase", e.mase());
            json.put(f.jsonName(), m);
        });
        json.put("relative_mae_naive", s.relativeMaeNaive());
        json.put("relative_mae_seasonal_naive", s.relativeMaeSeasonalNaive());
        json.put("points", s.points());
        json.put("series", s.series());
        json.put("origins", s.origins());
        json.put("points_unobserved", s.unobserved());
        json.put("points_nonfinite_forecast", s.nonfiniteForecast());
        if (!s.nullReasons().isEmpty()) {
            json.put("null_reasons", s.nullReasons());
        }
        return json;
    }

    private static Map<String, Object> toJson(StepMae s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("step", s.step());
        json.put("points", s.points());
        s.mae().forEach((f, mae) -> json.put(f.jsonName(), mae));
        if (!s.nullReasons().isEmpty()) {
            json.put("null_reasons", s.nullReasons());
        }
        return json;
    }
}
