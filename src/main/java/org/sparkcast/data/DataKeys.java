package org.sparkcast.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key of the {@code data} section and its default, in one place. Keys start with
 * {@code data.}; Spark's own settings pass through under {@code spark.}. A default of {@code null} marks
 * a required key.
 */
public final class DataKeys {
    private DataKeys() {
    }

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    public static final String NAME = key("data.name", "dataset");
    /** Comma-separated paths or globs on any Hadoop filesystem. */
    public static final String PATHS = key("data.paths", null);
    /** {@code csv} or {@code parquet}. */
    public static final String FORMAT = key("data.format", "csv");
    /** Folder for the run report and the fitted scaling (beside the outputs). */
    public static final String OUTPUT = key("data.output", "target/sparkcast-run");
    /** Cells that mean "missing" (compared as text, and as numbers when they parse): {@code NA,-200}. The empty cell is always missing. */
    public static final String NULL_MARKERS = key("data.null-markers", "NA");
    /** Missing markers of single columns, {@code column:marker} pairs: {@code wind_max_sus:-99} (where -99 elsewhere is a value). */
    public static final String COLUMN_NULL_MARKERS = key("data.column-null-markers", "");

    public static final String CSV_SEPARATOR = key("data.csv.separator", ",");
    public static final String CSV_QUOTE = key("data.csv.quote", "\"");
    /** The decimal mark of numbers: {@code .} or {@code ,}. */
    public static final String CSV_DECIMAL = key("data.csv.decimal", ".");
    public static final String CSV_HEADER = key("data.csv.header", "true");
    public static final String CSV_ENCODING = key("data.csv.encoding", "UTF-8");

    /** {@code columns} (one or more key columns) or {@code file-name} (one series per file). */
    public static final String SERIES_SOURCE = key("data.series.source", "columns");
    public static final String SERIES_COLUMNS = key("data.series.columns", "");

    /** {@code columns} (text columns joined by a space, parsed with the pattern) or {@code parts} (year,month,day,hour[,minute]). */
    public static final String TIME_SOURCE = key("data.time.source", "columns");
    public static final String TIME_COLUMNS = key("data.time.columns", "time");
    /** A {@link java.time.format.DateTimeFormatter} pattern for a local date-time. */
    public static final String TIME_PATTERN = key("data.time.pattern", "yyyy-MM-dd HH:mm:ss");
    public static final String TIME_PARTS = key("data.time.parts", "year,month,day,hour");
    public static final String TIME_ZONE = key("data.time.zone", "UTC");
    /** The grid step: {@code 30min}, {@code 1h}, {@code 6h}, {@code 1d} or ISO-8601 {@code PT1H}. */
    public static final String FREQUENCY = key("data.frequency", "1h");

    public static final String TARGETS = key("data.columns.targets", null);
    public static final String PAST = key("data.columns.past", "");
    public static final String FUTURE = key("data.columns.future", "");
    /**
     * Cross-series covariates: for each column named here, the mean over all series at each time step of its read values
     * (computed with Spark over the whole dataset), a past covariate named {@code mean:<column>} of every series.
     */
    public static final String CROSS_SERIES = key("data.columns.cross-series", "");
    /** Calendar features derived from time (known in the future): hour-of-day, day-of-week, day-of-year, month. */
    public static final String CALENDAR = key("data.columns.calendar", "");
    public static final String CATEGORICAL = key("data.columns.categorical", "");
    /** {@code one-hot} or {@code index}. */
    public static final String CATEGORICAL_ENCODING = key("data.categorical.encoding", "one-hot");

    /** Prefix of the per-rule policy keys, e.g. {@code data.policy.duplicate-time=drop}; see {@link Rule}. */
    public static final String POLICY_PREFIX = "data.policy.";
    /**
     * Prefix of the value range keys, {@code data.range.<column>=min..max} (either end open: {@code 0..}); see
     * {@link ValueRanges} and {@link Rule#OUT_OF_RANGE}.
     */
    public static final String RANGE_PREFIX = "data.range.";
    /** {@code mean} or {@code last} within a grid bucket. */
    public static final String RESAMPLE = key("data.resample", "mean");
    /** {@code linear}, {@code forward} or {@code none}. */
    public static final String GAP_FILL = key("data.gap.fill", "linear");
    /** The longest run of missing grid steps that is imputed; a longer gap splits the series into segments. */
    public static final String GAP_MAX_STEPS = key("data.gap.max-steps", "3");
    /** Segments shorter than this are "shorter than one window"; 0 means one window: {@code window.steps + 1}. */
    public static final String SEGMENT_MIN_STEPS = key("data.segment.min-steps", "0");
    /** Longer segments are cut into pieces of this many steps (for balance); 0 means no limit. */
    public static final String SEGMENT_MAX_STEPS = key("data.segment.max-steps", "0");

    /** {@code fraction} or {@code dates}, per series. */
    public static final String SPLIT_MODE = key("data.split.mode", "fraction");
    public static final String SPLIT_TRAIN = key("data.split.train", "0.7");
    public static final String SPLIT_VALIDATION = key("data.split.validation", "0.15");
    /** First time of the validation range, {@code yyyy-MM-ddTHH:mm} in the data's zone. */
    public static final String SPLIT_TRAIN_END = key("data.split.train-end", "");
    /** First time of the test range. */
    public static final String SPLIT_VALIDATION_END = key("data.split.validation-end", "");

    /** {@code z-score}, {@code min-max} or {@code none}; fitted on the training range only. */
    public static final String SCALING = key("data.scaling", "z-score");
    /** {@code global} or {@code per-series}. */
    public static final String SCALING_SCOPE = key("data.scaling.scope", "per-series");

    /** k: steps per window. */
    public static final String WINDOW_STEPS = key("data.window.steps", "24");
    /** B: parallel lanes per partition. */
    public static final String WINDOW_LANES = key("data.window.lanes", "16");
    public static final String PARTITIONS = key("data.partitions", "2");
    /** Spark tasks of the cleaning (shuffle by series, sort, clean, the persisted steps); 0: {@link #PARTITIONS}. */
    public static final String CLEANING_PARTITIONS = key("data.cleaning.partitions", "0");
    public static final String SEED = key("data.seed", "1");

    private static String key(String name, String defaultValue) {
        DEFAULTS.put(name, defaultValue);
        return name;
    }

    /** Default of a key; {@code null} for a required key. */
    public static String defaultOf(String key) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("no such data key '" + key + "'");
        }
        return DEFAULTS.get(key);
    }

    /** Every fixed key plus one policy key per {@link Rule}. */
    public static List<String> all() {
        List<String> keys = new ArrayList<>(DEFAULTS.keySet());
        for (Rule r : Rule.values()) {
            keys.add(POLICY_PREFIX + r.configName());
        }
        return Collections.unmodifiableList(keys);
    }
}
