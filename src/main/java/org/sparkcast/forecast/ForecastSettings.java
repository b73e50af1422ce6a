package org.sparkcast.forecast;

import org.sparkcast.train.TrainKeys;
import java.io.Serializable;
import java.util.Locale;
import java.util.Properties;
import org.sparkcast.data.DataConfig;

/** The {@code forecast.*} and {@code evaluate.*} settings of a config (defaults in {@link ForecastKeys}). */
public final class ForecastSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final int horizon;
    private final String asOf;
    private final String output;
    private final String format;
    private final String evalFormat;
    private final int minHistory;
    private final int maxStaleness;
    private final int historySteps;
    private final boolean skipUnfit;
    private final int evalHorizon;
    private final int evalStride;
    private final int evalSeason;
    private final String evalOutput;
    private final int plotSeries;
    private final int plotOrigins;
    private final int forecastPlotSeries;
    /** Minute of the day (0..1439) of every backtest origin in the data's zone, or -1 for origins every stride steps. */
    private final int originMinute;
    private final org.sparkcast.data.Split evalRange;

    private ForecastSettings(Properties p) {
        ForecastKeys.rejectUnknown(p);
        String dir = get(p, ForecastKeys.MODEL_DIR);
        modelDir = !dir.isEmpty() ? dir : p.getProperty(TrainKeys.MODEL_DIR, TrainKeys.defaultOf(TrainKeys.MODEL_DIR));
        horizon = integer(p, ForecastKeys.HORIZON, 1);
        asOf = get(p, ForecastKeys.AS_OF);
        output = get(p, ForecastKeys.OUTPUT);
        format = get(p, ForecastKeys.FORMAT).toLowerCase(Locale.ROOT);
        if (!format.equals("parquet") && !format.equals("csv")) {
            throw new IllegalArgumentException(ForecastKeys.FORMAT + "=" + format + " is not one of [parquet, csv]");
        }
        evalFormat = get(p, ForecastKeys.EVAL_FORMAT).toLowerCase(Locale.ROOT);
        if (!evalFormat.equals("parquet") && !evalFormat.equals("csv")) {
            throw new IllegalArgumentException(ForecastKeys.EVAL_FORMAT + "=" + evalFormat + " is not one of [parquet, csv]");
        }
        minHistory = integer(p, ForecastKeys.MIN_HISTORY, 0);
        maxStaleness = integer(p, ForecastKeys.MAX_STALENESS, -1);
        historySteps = integer(p, ForecastKeys.HISTORY_STEPS, -1);
        String unfit = get(p, ForecastKeys.UNFIT_SERIES).toLowerCase(Locale.ROOT);
        if (!unfit.equals("error") && !unfit.equals("skip")) {
            throw new IllegalArgumentException(ForecastKeys.UNFIT_SERIES + "=" + unfit + " is not one of [error, skip]");
        }
        skipUnfit = unfit.equals("skip");
        evalHorizon = integer(p, ForecastKeys.EVAL_HORIZON, 1);
        evalStride = integer(p, ForecastKeys.EVAL_STRIDE, 1);
        evalSeason = integer(p, ForecastKeys.EVAL_SEASON, 0);
        evalOutput = get(p, ForecastKeys.EVAL_OUTPUT);
        plotSeries = integer(p, ForecastKeys.EVAL_PLOT_SERIES, 0);
        plotOrigins = integer(p, ForecastKeys.EVAL_PLOT_ORIGINS, 1);
        forecastPlotSeries = integer(p, ForecastKeys.PLOT_SERIES, 0);
        String range = get(p, ForecastKeys.EVAL_RANGE).toLowerCase(Locale.ROOT);
        if (!range.equals("test") && !range.equals("validation")) {
            throw new IllegalArgumentException(ForecastKeys.EVAL_RANGE + "=" + range + " is not one of [test, validation]");
        }
        evalRange = range.equals("test") ? org.sparkcast.data.Split.TEST : org.sparkcast.data.Split.VALIDATION;
        String clock = get(p, ForecastKeys.EVAL_ORIGIN_TIME);
        if (clock.isEmpty()) {
            originMinute = -1;
        } else {
            try {
                java.time.LocalTime t = java.time.LocalTime.parse(clock);
                originMinute = t.getHour() * 60 + t.getMinute();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(ForecastKeys.EVAL_ORIGIN_TIME + "=" + clock + " is not a time of day HH:mm (e.g. 23:00)");
            }
        }
    }

    public static ForecastSettings fromProperties(Properties p) {
        return new ForecastSettings(p);
    }

    private static String get(Properties p, String key) {
        return p.getProperty(key, ForecastKeys.defaults().get(key)).trim();
    }

    private static int integer(Properties p, String key, int min) {
        String v = get(p, key);
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException(key + "=" + v + " is not a whole number >= " + min);
    }

    public String modelDir() { return modelDir; }
    /** How many series the forecast's picture plots ({@code forecast.plot-series}). */
    public int forecastPlotSeries() { return forecastPlotSeries; }
    /** The minute of the day of every backtest origin in the data's zone ({@code evaluate.origin-time}), or -1: every stride steps. */
    public int originMinute() { return originMinute; }
    /** The split whose range the backtest scores ({@code evaluate.range}). */
    public org.sparkcast.data.Split evalRange() { return evalRange; }
    public int horizon() { return horizon; }
    /** The as-of time as written, or empty for "the newest step in the data". */
    public String asOf() { return asOf; }
    public String output() { return output; }
    public String format() { return format; }
    /** Format of the backtest's forecasts ({@code evaluate.format}). */
    public String evalFormat() { return evalFormat; }
    /** {@code forecast.max-staleness}, or the data config's {@code data.gap.max-steps}. */
    public int maxStaleness(DataConfig data) {
        return maxStaleness >= 0 ? maxStaleness : data.policy().maxGapSteps();
    }
    public boolean skipUnfit() { return skipUnfit; }
    public int evalHorizon() { return evalHorizon; }
    public int evalStride() { return evalStride; }
    public String evalOutput() { return evalOutput; }
    public int plotSeries() { return plotSeries; }
    /** How many origins each forecast chart of the report overlays ({@code evaluate.plot-origins}). */
    public int plotOrigins() { return plotOrigins; }

    /**
     * Steps of history a forecast reads per series ({@code forecast.history-steps}; 0: 20 windows), at least the least
     * history plus the staleness allowed; {@link Integer#MAX_VALUE} for all.
     */
    public int historySteps(DataConfig data) {
        if (historySteps < 0) {
            return Integer.MAX_VALUE;
        }
        long wanted = historySteps > 0 ? historySteps : 20L * data.window().steps();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(wanted, (long) minHistory(data) + maxStaleness(data) + 1));
    }

    /** Least contiguous history: {@code forecast.min-history}, or one window of the model's data config. */
    public int minHistory(DataConfig data) {
        return minHistory > 0 ? minHistory : data.window().steps();
    }

    /** The seasonal-naive season in steps: {@code evaluate.season}, or one day of steps (one week when a step is a day or more). */
    public int season(DataConfig data) {
        if (evalSeason > 0) {
            return evalSeason;
        }
        long step = data.policy().stepMillis();
        long day = 86_400_000L;
        return step < day ? (int) Math.max(1, day / step) : (int) Math.max(1, 7 * day / step);
    }
}
