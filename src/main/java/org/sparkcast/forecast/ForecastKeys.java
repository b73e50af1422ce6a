package org.sparkcast.forecast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.sparkcast.data.NearestName;

/**
 * Every key of the {@code forecast} and {@code evaluate} sections of a config and its default. The model
 * directory defaults to the training run's {@code train.model-dir}, so the config a model was trained with
 * also forecasts with it.
 */
public final class ForecastKeys {
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    /** The model to forecast with; empty = {@code train.model-dir}, else {@code target/sparkcast-run/model}. */
    public static final String MODEL_DIR = key("forecast.model-dir", "");
    /** Steps to forecast after the as-of time. */
    public static final String HORIZON = key("forecast.horizon", "24");
    /** The last time of history (ISO local date-time in the data's zone, or an instant); empty = the newest step in the data. */
    public static final String AS_OF = key("forecast.as-of", "");
    /** Where forecasts go: one folder per as-of time below it ({@code as_of=yyyyMMddTHHmmZ}). */
    public static final String OUTPUT = key("forecast.output", "target/sparkcast-run/forecasts");
    /** {@code parquet} or {@code csv}. */
    public static final String FORMAT = key("forecast.format", "parquet");
    /** Least steps of contiguous history before the origin to warm the state on; 0 = one window ({@code data.window.steps}). */
    public static final String MIN_HISTORY = key("forecast.min-history", "0");
    /**
     * Steps of history before the as-of time that {@code forecast} reads and cleans per series (rows older than that
     * are dropped right after parsing, before the shuffle, the cleaning and the state's warm-up), so a scheduled
     * forecast costs what its recent history costs, not the archive; 0 = 20 windows of the model's data config
     * ({@code 20 x data.window.steps}), and never fewer than {@code forecast.min-history} plus
     * {@code forecast.max-staleness}; -1 = all history.
     */
    public static final String HISTORY_STEPS = key("forecast.history-steps", "0");
    /**
     * Most steps a series' last complete step may lie before the as-of time (the forecast rolls forward over
     * them); -1 = {@code data.gap.max-steps}, the longest gap the data config imputes.
     */
    public static final String MAX_STALENESS = key("forecast.max-staleness", "-1");
    /** What to do with a series that has too little or too old history: {@code error} or {@code skip} (counted, named in the report). */
    public static final String UNFIT_SERIES = key("forecast.unfit-series", "error");

    /** How many series {@code _forecast.html} plots (the first by name). */
    public static final String PLOT_SERIES = key("forecast.plot-series", "12");
    /** Backtest horizon (steps). */
    public static final String EVAL_HORIZON = key("evaluate.horizon", "24");
    /** Steps between two forecast origins on the test range. */
    public static final String EVAL_STRIDE = key("evaluate.stride", "24");
    /** Season of the seasonal-naive baseline in steps; 0 = one day of steps (one week for daily data). */
    public static final String EVAL_SEASON = key("evaluate.season", "0");
    /**
     * Origins on a clock: {@code HH:mm} in the data's zone is the last history step of every origin (e.g. {@code 23:00}
     * for day-ahead forecasts made at midnight); empty = every {@code evaluate.stride} steps from the first.
     */
    public static final String EVAL_ORIGIN_TIME = key("evaluate.origin-time", "");
    /**
     * Which split's range the backtest scores: {@code test} (the default: report it once per decision) or
     * {@code validation} (to choose settings without touching the test range).
     */
    public static final String EVAL_RANGE = key("evaluate.range", "test");
    /** Format of the backtest's forecasts ({@code <evaluate.output>/forecasts}): {@code parquet} or {@code csv}. */
    public static final String EVAL_FORMAT = key("evaluate.format", "parquet");
    /** Where metrics.json and report.html go. */
    public static final String EVAL_OUTPUT = key("evaluate.output", "target/sparkcast-run/evaluation");
    /** How many series the report plots (the first by name). */
    public static final String EVAL_PLOT_SERIES = key("evaluate.plot-series", "4");
    /** How many origins' forecasts each of the report's forecast charts overlays. */
    public static final String EVAL_PLOT_ORIGINS = key("evaluate.plot-origins", "4");

    private ForecastKeys() {
    }

    private static String key(String name, String defaultValue) {
        DEFAULTS.put(name, defaultValue);
        return name;
    }

    public static Map<String, String> defaults() {
        return Collections.unmodifiableMap(DEFAULTS);
    }

    /** Refuses {@code forecast.*} and {@code evaluate.*} keys that do not exist, naming the closest one. */
    public static void rejectUnknown(Properties props) {
        for (String key : props.stringPropertyNames()) {
            if ((key.startsWith("forecast.") || key.startsWith("evaluate.")) && !DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown configuration key '" + key + "'" + NearestName.hint(key, DEFAULTS.keySet()));
            }
        }
    }
}
