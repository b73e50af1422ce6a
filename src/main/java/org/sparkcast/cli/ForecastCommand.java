package org.sparkcast.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.sparkcast.forecast.ForecastKeys;
import org.sparkcast.forecast.ForecastRun;
import org.sparkcast.forecast.ForecastWriter;

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
        return ModelCommand.run("forecast", args, USAGE, Map.of("--model", ForecastKeys.MODEL_DIR, "--as-of", ForecastKeys.AS_OF,
                "--horizon", ForecastKeys.HORIZON, "--output", ForecastKeys.OUTPUT, "--format", ForecastKeys.FORMAT),
                (session, model, settings) -> {
                    ForecastRun.Result result = ForecastRun.run(session, model, settings);
                    Path written = ForecastWriter.write(session, result, settings);
                    System.out.printf("forecast as of %s: %s series x %d steps (%d rows) written to %s%n",
                            Instant.ofEpochMilli(result.asOf()), result.report().get("series_forecast"), settings.horizon(),
                            result.rows().size(), written);
                    for (Object s : (List<?>) result.report().get("series_skipped")) {
                        System.out.println("skipped: " + s);
                    }
                });
    }
}
