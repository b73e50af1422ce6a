package org.sparkcast.forecast;

import static org.apache.spark.sql.functions.col;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.CollectionAccumulator;
import org.sparkcast.data.CleanedSteps;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.ResampleMethod;
import org.sparkcast.data.InvalidDataException;
import org.sparkcast.data.SeriesCleaner;

/**
 * Driver side of {@code forecast}: reads and cleans the history up to the as-of time with the model's data
 * config, gathers known-future covariates of the target times, forecasts every series on the executors
 * ({@link SeriesForecaster}) and returns the rows (series x steps x targets: small) with a report.
 */
public final class ForecastRun {
    private ForecastRun() {
    }

    /** The rows of one forecast and what the run found. */
    public record Result(long asOf, List<Row> rows, Map<String, Object> report, org.apache.spark.sql.types.StructType schema,
                         String html) {
    }

    public static Result run(SparkSession spark, ForecastModel model, ForecastSettings settings) {
        DataConfig data = model.data();
        long step = data.policy().stepMillis();
        Long given = settings.asOf().isEmpty() ? null : parseAsOf(settings.asOf(), data);
        int history = settings.historySteps(data);
        long from = Long.MIN_VALUE;
        List<String> outOfHistory = new ArrayList<>();
        if (history != Integer.MAX_VALUE) {
            // the history read ends at the as-of step: given, or the grid step of the newest row; every series' newest
            // row comes from one cheap aggregate, so a series with no row in that history is named, not lost
            Map<String, Long> newest = DataPipeline.newestPerSeries(spark, data, given == null ? Long.MAX_VALUE : given + step - 1);
            if (!newest.isEmpty()) {
                long origin = SeriesCleaner.gridOrigin(data);
                long end = given != null ? given : Collections.max(newest.values());
                long last = origin + Math.floorDiv(end - origin, step) * step;
                from = last - (long) (history - 1) * step;
                for (Map.Entry<String, Long> e : newest.entrySet()) {
                    if (e.getValue() < from) {
                        outOfHistory.add("series '" + e.getKey() + "': its newest row is at " + Instant.ofEpochMilli(e.getValue())
                                + ", before the " + history + " steps of history read up to " + Instant.ofEpochMilli(last) + " ("
                                + ForecastKeys.HISTORY_STEPS + ")");
                    }
                }
                if (!outOfHistory.isEmpty() && !settings.skipUnfit()) {
                    throw new InvalidDataException(outOfHistory.get(0) + (outOfHistory.size() > 1 ? " (and " + (outOfHistory.size() - 1)
                            + " more series)" : "") + "; set " + ForecastKeys.UNFIT_SERIES + "=skip to forecast the other series");
                }
            }
        }
        CleanedSteps cleaned;
        try {
            // rows up to the end of the as-of step's grid bucket (resampling merges a bucket's rows into its start)
            cleaned = DataPipeline.clean(spark, data, from, given == null ? Long.MAX_VALUE : given + step - 1);
        } catch (InvalidDataException e) {
            throw given == null ? e : new InvalidDataException("history up to the as-of time " + Instant.ofEpochMilli(given) + ": "
                    + e.getMessage());
        }
        try {
            long asOf = given != null ? given : Collections.max(cleaned.ranges().values(), (a, b) -> Long.compare(a[1], b[1]))[1];
            Map<String, Map<Long, double[]>> future = model.layout().futureCovariates() == 0 ? Map.of()
                    : futureCovariates(spark, model, asOf - settings.maxStaleness(model.data()) * step, asOf + (long) settings.horizon() * step);
            CollectionAccumulator<String> unfit = spark.sparkContext().collectionAccumulator("sparkcast.unfit-series");
            List<Row> rows = new ArrayList<>(DataPipeline.materialise(() -> cleaned.steps()
                    .mapPartitions(new SeriesForecaster(model, settings, asOf, future, unfit), Encoders.row(ForecastOutput.schema(model)))
                    .collectAsList()));
            // distinct: a retried or speculative task adds its series again
            java.util.TreeSet<String> unfitNames = new java.util.TreeSet<>(unfit.value());
            unfitNames.addAll(outOfHistory);
            List<String> skipped = new ArrayList<>(unfitNames);
            if (rows.isEmpty()) {
                throw new InvalidDataException("no series could be forecast as of " + Instant.ofEpochMilli(asOf)
                        + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)));
            }
            rows.sort((a, b) -> {
                int c = a.getString(0).compareTo(b.getString(0));
                if (c == 0) {
                    c = Integer.compare(a.getInt(3), b.getInt(3));
                }
                return c != 0 ? c : a.getString(4).compareTo(b.getString(4));
            });
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.dir());
            report.put("model_files", model.files());
            report.put("as_of", Instant.ofEpochMilli(asOf).toString());
            report.put("horizon", settings.horizon());
            report.put("step", data.policy().frequency());
            report.put("history_steps", history == Integer.MAX_VALUE ? "all" : history);
            report.put("history_from", from == Long.MIN_VALUE ? "the first row" : Instant.ofEpochMilli(from).toString());
            report.put("series_in_data", cleaned.ranges().size());
            report.put("series_forecast", rows.stream().map(r -> r.getString(0)).distinct().count());
            report.put("series_skipped", skipped);
            report.put("rows", rows.size());
            report.put("input_files", cleaned.files().size());
            report.put("data_overrides", model.overrides());
            Map<String, Long> counters = new LinkedHashMap<>();
            cleaned.counters().snapshot().forEach((k, v) -> counters.put(k.reportName(), v));
            report.put("cleaning", counters);
            String html = ForecastPicture.render(model, settings, cleaned.steps(), asOf, rows);
            return new Result(asOf, rows, report, ForecastOutput.schema(model), html);
        } finally {
            cleaned.release();
        }
    }

    /** An instant ({@code 2017-02-28T15:00:00Z}, with an offset) or a local date-time in the data's zone, on the grid. */
    static long parseAsOf(String text, DataConfig data) {
        long t;
        try {
            t = OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeException notOffset) {
            try {
                t = LocalDateTime.parse(text).atZone(data.source().zoneId()).toInstant().toEpochMilli();
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(ForecastKeys.AS_OF + "=" + text + " is not a date-time like 2017-02-28T23:00 (in "
                        + data.source().zoneId() + ") or 2017-02-28T15:00Z");
            }
        }
        long step = data.policy().stepMillis();
        if (Math.floorMod(t - SeriesCleaner.gridOrigin(data), step) != 0) {
            throw new IllegalArgumentException(ForecastKeys.AS_OF + "=" + text + " is not on the " + data.policy().frequency() + " grid");
        }
        return t;
    }

    /**
     * The future covariates of every series at grid times in (from, to], read from the raw rows (targets may be
     * missing there): rows are placed in their grid bucket like cleaning does, and a bucket's value is, like
     * cleaning's ({@code data.resample}), the mean of its rows' values or the last one in file order (missing
     * ones ignored); a bucket without a value of every future covariate is absent.
     */
    private static Map<String, Map<Long, double[]>> futureCovariates(SparkSession spark, ForecastModel model, long from, long to) {
        DataConfig data = model.data();
        int numeric = data.features().numericColumns().size();
        int first = numeric - model.layout().futureCovariates();
        long origin = SeriesCleaner.gridOrigin(data);
        long step = data.policy().stepMillis();
        org.apache.spark.sql.Column bucket = functions.floor(col("time").minus(origin).divide(step)).multiply(step).plus(origin);
        boolean last = data.policy().resample() == ResampleMethod.LAST;
        List<org.apache.spark.sql.Column> means = new ArrayList<>();
        for (int i = first; i < numeric; i++) {
            org.apache.spark.sql.Column v = col("v" + i);
            org.apache.spark.sql.Column known = functions.when(functions.isnan(v), null).otherwise(v);
            // last: the value of the latest row (time, then position in the file) that has one, as cleaning keeps
            means.add(last ? functions.max_by(known, functions.when(known.isNull(), null).otherwise(functions.struct(col("time"), col("pos"))))
                    : functions.avg(known));
        }
        Map<String, Map<Long, double[]>> out = new HashMap<>();
        List<Row> rows = DataPipeline.parse(spark, data).where(col("time").geq(from + step).and(col("time").lt(to + step)))
                .groupBy(col("series"), bucket.cast("long").as("bucket"))
                .agg(means.get(0), means.subList(1, means.size()).toArray(new org.apache.spark.sql.Column[0]))
                .collectAsList();
        for (Row r : rows) {
            double[] v = new double[numeric - first];
            boolean known = true;
            for (int i = 0; i < v.length; i++) {
                known &= !r.isNullAt(2 + i);
                v[i] = known ? r.getDouble(2 + i) : Double.NaN;
            }
            if (known) {
                out.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getLong(1), v);
            }
        }
        return out;
    }
}
