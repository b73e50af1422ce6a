package org.sparkcast.cli;

import java.util.Locale;
import java.util.Map;
import org.sparkcast.forecast.EvaluateRun;
import org.sparkcast.forecast.ForecastKeys;

/**
 * {@code sparkcast evaluate}: a rolling-origin backtest of a model on the test range of its data (the
 * model's split settings): MAE, RMSE, sMAPE and MASE against naive and seasonal-naive forecasts, per series
 * and overall, written as {@code metrics.json} and a self-contained {@code report.html}.
 */
final class EvaluateCommand {
    static final String USAGE = "usage: sparkcast evaluate [--config FILE] [--set key=value ...] [--model DIR] [--horizon H]\n"
            + "                          [--stride S] [--season M] [--output DIR]\n"
            + "  --config FILE      a properties file; its data.* keys override the model's (e.g. data.paths)\n"
            + "  --set key=value    override one key (repeatable)\n"
            + "  --model DIR        the model directory (forecast.model-dir; default train.model-dir)\n"
            + "  --horizon H        steps per forecast (evaluate.horizon, default 24)\n"
            + "  --stride S         steps between forecast origins on the test range (evaluate.stride, default 24)\n"
            + "  --season M         season of the seasonal-naive baseline in steps (evaluate.season; default one day)\n"
            + "  --output DIR       where metrics.json, report.html and forecasts/ go (evaluate.output)\n"
            + "  --format F         forecasts/ as parquet (default) or csv (evaluate.format)\n"
            + "  --origin-time T    origins at HH:mm in the data's zone, e.g. 23:00 (evaluate.origin-time)\n"
            + "  --range R          score the test (default) or validation range (evaluate.range)";

    int run(String[] args) {
        return ModelCommand.run("evaluate", args, USAGE, Map.of("--model", ForecastKeys.MODEL_DIR, "--horizon", ForecastKeys.EVAL_HORIZON,
                "--stride", ForecastKeys.EVAL_STRIDE, "--season", ForecastKeys.EVAL_SEASON, "--output", ForecastKeys.EVAL_OUTPUT,
                "--format", ForecastKeys.EVAL_FORMAT, "--origin-time", ForecastKeys.EVAL_ORIGIN_TIME, "--range", ForecastKeys.EVAL_RANGE),
                (session, model, settings) -> printSummary(EvaluateRun.run(session, model, settings)));
    }

    /** A short aligned table per target: MAE of the model and both baselines, their ratios, and the interval's coverage. */
    @SuppressWarnings("unchecked")
    private static void printSummary(EvaluateRun.Result result) {
        Map<String, Object> targets = (Map<String, Object>) result.metrics().get("targets");
        Map<String, Object> context = (Map<String, Object>) result.metrics().get("context");
        System.out.printf(Locale.ROOT, "evaluate: %d origins on the %s range; metrics and report in %s%n", result.origins(),
                context.get("range"), result.folder());
        if (targets == null) {
            return;
        }
        Map<String, Object> intervals = (Map<String, Object>) result.metrics().get("intervals");
        System.out.printf(Locale.ROOT, "%-12s %8s %10s %10s %10s %9s %9s %7s %9s%n", "target", "points", "model MAE", "naive MAE",
                "season MAE", "rel naive", "rel seas.", "MASE", "coverage");
        targets.forEach((target, m) -> {
            Map<String, Object> overall = (Map<String, Object>) ((Map<String, Object>) m).get("overall");
            Map<String, Object> model = (Map<String, Object>) overall.get("model");
            Map<String, Object> naive = (Map<String, Object>) overall.get("naive");
            Map<String, Object> seasonal = (Map<String, Object>) overall.get("seasonal_naive");
            Object coverage = intervals == null ? null
                    : ((Map<String, Object>) ((Map<String, Object>) intervals.get(target)).get("overall")).get("coverage");
            System.out.printf(Locale.ROOT, "%-12s %8s %10s %10s %10s %9s %9s %7s %9s%n", target, overall.get("points"), number(model.get("mae"), 3),
                    number(naive.get("mae"), 3), number(seasonal.get("mae"), 3), number(overall.get("relative_mae_naive"), 4),
                    number(overall.get("relative_mae_seasonal_naive"), 4), number(model.get("mase"), 3), number(coverage, 3));
        });
    }

    private static String number(Object value, int decimals) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%." + decimals + "f", n.doubleValue()) : "-";
    }
}
