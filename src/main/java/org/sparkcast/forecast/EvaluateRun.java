package org.sparkcast.forecast;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.CleanedSteps;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.InvalidDataException;
import org.sparkcast.data.SplitBoundaries;
import org.sparkcast.evaluate.EvaluationReport;

/**
 * Driver side of {@code evaluate}: cleans the data with the model's data config, finds each series' test
 * range with the model's split settings, runs the rolling-origin {@link Backtester} on the executors, merges
 * the partitions' error sums in partition order and writes {@code metrics.json} and {@code report.html}.
 */
public final class EvaluateRun {
    private EvaluateRun() {
    }

    /** The metrics as written, and the folder. */
    public record Result(Map<String, Object> metrics, Path folder, long origins) {
    }

    public static Result run(SparkSession spark, ForecastModel model, ForecastSettings settings) throws IOException {
        DataConfig data = model.data();
        List<String> split = model.overrides().keySet().stream().filter(k -> k.startsWith("data.split.")).toList();
        if (!split.isEmpty()) {
            throw new IllegalArgumentException("evaluate scores a model on the test range of its own split; these differ from the model's: "
                    + split.stream().map(k -> k + " (" + model.overrides().get(k) + ")").toList());
        }
        CleanedSteps cleaned = DataPipeline.cleanAsTraining(spark, data);
        try {
            SplitBoundaries boundaries = cleaned.boundaries();
            EvaluationReport.PlotOptions plot = new EvaluationReport.PlotOptions(settings.plotSeries(), settings.plotOrigins());
            List<String> plotted = new ArrayList<>(cleaned.ranges().keySet()).stream()
                    .filter(model.scaler()::knows).limit(settings.plotSeries()).toList();
            List<BacktestPart> parts = DataPipeline.materialise(() -> cleaned.steps().javaRDD()
                    .mapPartitions(new Backtester(model, boundaries, settings, new HashSet<>(plotted)))
                    .collect());
            BacktestPart all = new BacktestPart(model.targetNames(), settings.evalHorizon());
            for (BacktestPart p : parts) {
                all.merge(p);
            }
            if (all.origins == 0) {
                throw new InvalidDataException("no forecast origin on the test range of " + data.name() + " (" + cleaned.ranges().size()
                        + " series; test range from the model's data.split.* settings; each origin needs "
                        + Math.max(settings.minHistory(data), settings.season(data)) + " steps of history and "
                        + settings.evalHorizon() + " steps after it without a gap)");
            }
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("model", model.dir());
            context.put("model_files", model.files());
            context.put("model_network", model.network().toString());
            context.put("dataset", data.name());
            context.put("data_paths", String.join(",", data.source().paths()));
            context.put("data_overrides", model.overrides());
            context.put("horizon", settings.evalHorizon());
            context.put("stride", settings.evalStride());
            context.put("season", settings.season(data));
            context.put("step", data.policy().frequency());
            context.put("origins", all.origins);
            context.put("origins_cut_by_gap", all.originsCutByGap);
            context.put("origins_at_imputed_steps", all.originsAtImputedSteps);
            context.put("origins_short_history", all.originsShortHistory);
            context.put("series_without_origins", all.seriesWithoutOrigins);
            context.put("series_not_in_model", all.seriesNotInModel);
            context.put("range", settings.evalRange().name().toLowerCase(java.util.Locale.ROOT));
            context.put("origin_time", settings.originMinute() < 0 ? null
                    : String.format(java.util.Locale.ROOT, "%02d:%02d", settings.originMinute() / 60, settings.originMinute() % 60));
            context.put("objective", model.direct() == null ? "one-step" : model.direct().toString());
            context.put("method", "rolling origin on the " + context.get("range") + " range, expanding window (the state runs through "
                    + "all history before each origin; the model is not refit); "
                    + (model.direct() == null ? "forecasts roll out with the model's own predictions, past covariates held at the origin"
                            : "every step's forecast is read from the head at the origin (direct, no roll-out); the point is the "
                            + "mean or the median quantile")
                    + "; actuals that were imputed are not scored");
            all.plotted.stream().mapToLong(f -> f.origin()).min()
                    .ifPresent(t -> context.put("first_plotted_origin", Instant.ofEpochMilli(t).toString()));
            Path folder = new Path(settings.evalOutput());
            Map<String, Object> metrics = EvaluationReport.write(folder, spark.sparkContext().hadoopConfiguration(), context,
                    all.sums, all.plotted, plot, all.intervals == null ? null : all.intervals.toJson(),
                    tmp -> BacktestForecasts.write(spark, model, all.forecasts, settings, tmp)); // the two files replace the folder together
            return new Result(metrics, folder, all.origins);
        } finally {
            cleaned.release();
        }
    }
}
