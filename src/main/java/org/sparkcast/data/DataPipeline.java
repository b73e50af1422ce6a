package org.sparkcast.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs the data stages on the driver's behalf: read, parse, clean (persisted and materialised once, so
 * the counters are exact), split, fit scaling on the training range, collect categorical levels, and
 * plan the windows of every split. {@link PreparedData#windows} then streams the windows themselves.
 */
public final class DataPipeline {
    private DataPipeline() {
    }

    public static PreparedData prepare(SparkSession spark, DataConfig config) {
        long start = System.nanoTime();
        CleanedSteps cleanedSteps = clean(spark, config, Long.MAX_VALUE);
        Dataset<Row> cleaned = cleanedSteps.steps();
        Map<String, long[]> ranges = cleanedSteps.ranges();
        List<String> files = cleanedSteps.files();
        ProblemCounters counters = cleanedSteps.counters();
        SplitBoundaries boundaries = config.split().mode == SplitMode.DATES
                ? SplitBoundaries.byDates(config.split(), config.source().zoneId())
                : SplitBoundaries.byFraction(config.split(), config.policy().stepMillis(), ranges);
        Dataset<Row> tagged = cleaned.map(new SplitTagger(boundaries), Encoders.row(SplitTagger.schema(config)));
        ScalerFitter fitter = new ScalerFitter(config);
        fitter.fit(tagged, new ArrayList<>(ranges.keySet()));
        FeatureLayout layout = new FeatureLayout(config, levels(cleaned, config));
        EnumMap<Split, List<SegmentRef>> segments = segments(tagged);
        EnumMap<Split, WindowPlan> plans = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<SegmentRef> kept = new ArrayList<>();
            for (SegmentRef ref : segments.get(s)) {
                if (!fitter.excluded().containsKey(ref.series)) {
                    kept.add(ref);
                }
            }
            plans.put(s, new WindowPlan(kept, config.window().partitions(), config.window().steps(), config.window().seed));
        }
        RunReport report = new ReportBuilder(config, files, counters.snapshot(), fitter.excluded(), segments, layout, ranges.size()).build();
        report.put("series", "constant-kept", fitter.constantKept());
        report.put("prepareSeconds", (System.nanoTime() - start) / 1e9);
        return new PreparedData(config, cleaned, tagged, layout, fitter.scaler(), plans, report);
    }

    /**
     * Stages 1 and 2 only: reads, parses and cleans the rows with time at or before {@code untilMillis}
     * (later rows are not read into the steps; {@link Long#MAX_VALUE} keeps all), persisted and
     * materialised once so the counters are exact. Forecasting uses this without splits or fitting.
     */
    public static CleanedSteps clean(SparkSession spark, DataConfig config, long untilMillis) {
        List<String> files = SourceReader.resolve(spark, config.source());
        ProblemCounters counters = new ProblemCounters(JavaSparkContext.fromSparkContext(spark.sparkContext()));
        SourceReader.Raw raw = SourceReader.read(spark, config, files);
        Dataset<Row> parsed = raw.rows()
                .mapPartitions(new RowParser(config, counters, raw.shape()), Encoders.row(RowParser.schema(config)));
        if (untilMillis != Long.MAX_VALUE) {
            parsed = parsed.where(col("time").leq(untilMillis));
        }
        Dataset<Row> cleaned = parsed.repartition(config.window().partitions(), col("series"))
                .sortWithinPartitions(col("series"), col("time"), col("pos"))
                .mapPartitions(new SeriesCleaner(config, counters), Encoders.row(SeriesCleaner.schema(config)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        materialise(cleaned);
        if (counters.get(Counter.ROWS_READ) == 0) {
            throw new InvalidDataException("empty input: " + files.size() + " file(s) matched by " + DataKeys.PATHS + "="
                    + String.join(",", config.source().paths()) + " hold no data rows");
        }
        Map<String, long[]> ranges = new TreeMap<>();
        for (Row r : cleaned.groupBy(col("series")).agg(min(col("time")), max(col("time"))).collectAsList()) {
            ranges.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
        }
        if (ranges.isEmpty()) {
            throw new InvalidDataException("no series left after cleaning: " + counters.snapshot());
        }
        return new CleanedSteps(files, counters, cleaned, ranges);
    }

    /** Runs the cleaning once; a data error on an executor comes back as the {@link InvalidDataException} itself. */
    private static void materialise(Dataset<Row> cleaned) {
        try {
            cleaned.count();
        } catch (Exception e) { // SparkException is checked in Java's eyes but thrown unchecked from Scala
            InvalidDataException bad = InvalidDataException.find(e);
            if (bad != null) {
                throw new InvalidDataException(bad.getMessage());
            }
            InvalidDataException unreadable = unreadableFile(e);
            if (unreadable != null) {
                throw unreadable;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Spark's "error while reading file F" (a bad header, a corrupt gzip) as a data error naming F and the cause. */
    private static InvalidDataException unreadableFile(Throwable e) {
        java.util.regex.Pattern file = java.util.regex.Pattern.compile("reading file (\\S+?)\\.?\\s");
        for (Throwable c = e; c != null; c = c.getCause()) {
            java.util.regex.Matcher m = file.matcher(String.valueOf(c.getMessage()) + " ");
            if (m.find()) {
                Throwable root = c;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return new InvalidDataException("cannot read file " + m.group(1) + ": " + root.getMessage()
                        + (root.getMessage() != null && root.getMessage().contains("header") ? " (its header differs from the first file's)" : ""));
            }
        }
        return null;
    }

    private static List<List<String>> levels(Dataset<Row> cleaned, DataConfig config) {
        List<List<String>> levels = new ArrayList<>();
        int numeric = config.features().numericColumns().size();
        for (int j = 0; j < config.features().categorical().size(); j++) {
            String c = "c" + j;
            List<String> values = new ArrayList<>();
            for (Row r : cleaned.select(col(c)).where(col(c).isNotNull()).distinct().collectAsList()) {
                values.add(r.getString(0));
            }
            values.sort(null);
            levels.add(List.copyOf(values));
        }
        return levels;
    }

    private static EnumMap<Split, List<SegmentRef>> segments(Dataset<Row> tagged) {
        EnumMap<Split, List<SegmentRef>> out = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            out.put(s, new ArrayList<>());
        }
        for (Row r : tagged.groupBy(col("series"), col("segment"), col("split")).agg(count(col("time"))).collectAsList()) {
            Split split = Split.values()[r.getInt(2)];
            out.get(split).add(new SegmentRef(r.getString(0), r.getInt(1), split, r.getLong(3)));
        }
        return out;
    }
}
