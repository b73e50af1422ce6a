package org.sparkcast.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.SparkSessionFactory;
import org.sparkcast.forecast.ForecastKeys;
import org.sparkcast.forecast.ForecastModel;
import org.sparkcast.forecast.ForecastRun;
import org.sparkcast.forecast.ForecastSettings;
import org.sparkcast.forecast.ForecastWriter;
import org.sparkcast.train.TrainingConfig;

/**
 * {@code sparkcast forecast}: loads a model, reads recent history with the model's data config (the
 * config's {@code data.*} keys on top, e.g. other paths), forecasts every series {@code forecast.horizon}
 * steps past the as-of time and writes them atomically under {@code forecast.output}.
 */
final class ForecastCommand {
    static final String USAGE = "usage: sparkcast forecast [--config FILE] [--set key=value ...] [--model DIR] [--as-of TIME]\n"
            + "                          [--horizon H] [--output DIR] [--format parquet|csv]\n"
            + "  --config FILE      a properties file; its data.* keys override the model's (e.g. data.paths of recent files)\n"
            + "  --set key=value    override one key (repeatable)\n"
            + "  --model DIR        the model directory (forecast.model-dir; default train.model-dir)\n"
            + "  --as-of TIME       last time of history, e.g. 2017-02-28T23:00 in the data's zone (forecast.as-of;\n"
            + "                     default the newest step in the data)\n"
            + "  --horizon H        steps to forecast (forecast.horizon, default 24)\n"
            + "  --output DIR       forecasts go to DIR/as_of=yyyyMMddTHHmmZ, replaced when re-run (forecast.output)\n"
            + "  --format F         parquet or csv (forecast.format)";

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
                case "--as-of" -> overrides.add(ForecastKeys.AS_OF + "=" + CommandArgs.value(args, ++i, "--as-of"));
                case "--horizon" -> overrides.add(ForecastKeys.HORIZON + "=" + CommandArgs.value(args, ++i, "--horizon"));
                case "--output" -> overrides.add(ForecastKeys.OUTPUT + "=" + CommandArgs.value(args, ++i, "--output"));
                case "--format" -> overrides.add(ForecastKeys.FORMAT + "=" + CommandArgs.value(args, ++i, "--format"));
                default -> throw new UsageException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        Properties props = ConfigFiles.load(config, overrides);
        TrainingConfig train = TrainingConfig.fromProperties(props);
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        SparkSession session = SparkSessionFactory.create("sparkcast forecast", train.master(), TrainCommand.sparkSettings(props));
        try {
            ForecastModel model = ForecastModel.load(settings.modelDir(), session.sparkContext().hadoopConfiguration(), props);
            ForecastRun.Result result = ForecastRun.run(session, model, settings);
            Path written = ForecastWriter.write(session, result, settings);
            System.out.printf("forecast as of %s: %s series x %d steps (%d rows) written to %s%n", Instant.ofEpochMilli(result.asOf()),
                    result.report().get("series_forecast"), settings.horizon(), result.rows().size(), written);
            for (Object s : (List<?>) result.report().get("series_skipped")) {
                System.out.println("skipped: " + s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            session.stop();
        }
        return ExitCode.OK.code();
    }
}
