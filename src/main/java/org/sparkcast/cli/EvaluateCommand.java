package org.sparkcast.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.SparkSessionFactory;
import org.sparkcast.forecast.EvaluateRun;
import org.sparkcast.forecast.ForecastKeys;
import org.sparkcast.forecast.ForecastModel;
import org.sparkcast.forecast.ForecastSettings;
import org.sparkcast.train.TrainingConfig;

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
        String config = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help" -> {
                    System.out.println(USAGE);
                    return ExitCode.OK.code();
                }
                case "--config" -> config = CommandArgs.value(args, ++i, "--config");
                case "--set" -> overrides.add(CommandArgs.value(args, ++i, "--set"));
                case "--model" -> overrides.add(ForecastKeys.MODEL_DIR + "=" + CommandArgs.value(args, ++i, "--model"));
                case "--horizon" -> overrides.add(ForecastKeys.EVAL_HORIZON + "=" + CommandArgs.value(args, ++i, "--horizon"));
                case "--stride" -> overrides.add(ForecastKeys.EVAL_STRIDE + "=" + CommandArgs.value(args, ++i, "--stride"));
                case "--season" -> overrides.add(ForecastKeys.EVAL_SEASON + "=" + CommandArgs.value(args, ++i, "--season"));
                case "--output" -> overrides.add(ForecastKeys.EVAL_OUTPUT + "=" + CommandArgs.value(args, ++i, "--output"));
                default -> throw new UsageException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        Properties props = ConfigFiles.load(config, overrides);
        TrainingConfig train = TrainingConfig.fromProperties(props);
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        SparkSession session = SparkSessionFactory.create("sparkcast evaluate", train.master(), TrainCommand.sparkSettings(props));
        try {
            ForecastModel model = ForecastModel.load(settings.modelDir(), session.sparkContext().hadoopConfiguration(), props);
            EvaluateRun.Result result = EvaluateRun.run(session, model, settings);
            printSummary(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            session.stop();
        }
        return ExitCode.OK.code();
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
