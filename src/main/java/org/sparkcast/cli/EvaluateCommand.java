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
            + "  --output DIR       where metrics.json and report.html go (evaluate.output)";

    int run(String[] args) {
        return ModelCommand.run("evaluate", args, USAGE, Map.of("--model", ForecastKeys.MODEL_DIR, "--horizon", ForecastKeys.EVAL_HORIZON,
                "--stride", ForecastKeys.EVAL_STRIDE, "--season", ForecastKeys.EVAL_SEASON, "--output", ForecastKeys.EVAL_OUTPUT),
                (session, model, settings) -> printSummary(EvaluateRun.run(session, model, settings)));
    }

    @SuppressWarnings("unchecked")
    private static void printSummary(EvaluateRun.Result result) {
        Map<String, Object> targets = (Map<String, Object>) result.metrics().get("targets");
        System.out.printf(Locale.ROOT, "evaluate: %d origins; metrics and report in %s%n", result.origins(), result.folder());
        if (targets == null) {
            return;
        }
        targets.forEach((target, m) -> {
            Map<String, Object> overall = (Map<String, Object>) ((Map<String, Object>) m).get("overall");
            System.out.printf(Locale.ROOT, "%s: %s%n", target, overall);
        });
    }
}
