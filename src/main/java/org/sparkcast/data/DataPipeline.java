package org.sparkcast.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Runs the data stages on the driver's behalf: read, parse, clean (persisted and materialised once, so
 * the counters are exact), split, fit scaling on the training range, collect categorical levels on the
 * training range, and plan the windows of every split. {@link PreparedData#windows} then streams the windows themselves.
 */
public final class DataPipeline {
    private DataPipeline() {
    }

    public static PreparedData prepare(SparkSession spark, DataConfig config) {
        long start = System.nanoTime();
        CleanedSteps cleaned = cleanAsTraining(spark, config); // the cleaning tagged each step with its split
        describe(spark, "data: scaling, levels and segments of the cleaned steps");
        Map<String, long[]> ranges = cleaned.ranges();
        ScalerFitter fitter = new ScalerFitter(config);
        fitter.fit(cleaned.summaries(), cleaned.blocks());
        long[] unseen = new long[1];
        FeatureLayout layout = new FeatureLayout(config, levels(cleaned.blocks(), fitter.excluded().keySet(), config, unseen));
        EnumMap<Split, List<SegmentRef>> segments = segments(cleaned.summaries().values());
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
        RunReport report = new ReportBuilder(config, cleaned.files(), cleaned.counters().snapshot(), fitter.excluded(), segments, layout,
                ranges.size(), cleaned.counters().affected(), ranges).build();
        report.put("series", "constant-kept", fitter.constantKept());
        report.put("cells", "category-unseen", unseen[0]);
        report.put("prepareSeconds", (System.nanoTime() - start) / 1e9);
        describe(spark, null);
        return new PreparedData(config, cleaned, layout, fitter.scaler(), plans, report);
    }

    /**
     * Stages 1 and 2 only: reads, parses and cleans the rows with time at or before {@code untilMillis}
     * (later rows are not read into the steps; {@link Long#MAX_VALUE} keeps all), persisted and
     * materialised once so the counters are exact. Forecasting uses this without splits or fitting.
     */
    public static CleanedSteps clean(SparkSession spark, DataConfig config, long untilMillis) {
        return clean(spark, config, Long.MIN_VALUE, untilMillis);
    }

    /**
     * The same for rows with time in {@code [fromMillis, untilMillis]}: older rows are dropped right after parsing,
     * before the shuffle and the cleaning (a forecast's bounded history). Reading and parsing still see every row.
     */
    public static CleanedSteps clean(SparkSession spark, DataConfig config, long fromMillis, long untilMillis) {
        return clean(spark, config, SourceReader.resolve(spark, config.source()), fromMillis, untilMillis, false);
    }

    /**
     * Each series' newest parsed row at or before {@code untilMillis}: one read and parse with a small aggregate (no
     * cleaning), so a forecast that reads only recent rows still knows every series and the newest time.
     */
    public static Map<String, Long> newestPerSeries(SparkSession spark, DataConfig config, long untilMillis) {
        Dataset<Row> parsed = parse(spark, config);
        if (untilMillis != Long.MAX_VALUE) {
            parsed = parsed.where(col("time").leq(untilMillis));
        }
        Dataset<Row> newest = parsed.groupBy(col("series")).agg(max(col("time")));
        Map<String, Long> out = new TreeMap<>();
        for (Row r : materialise(newest::collectAsList)) {
            out.put(r.getString(0), r.getLong(1));
        }
        return out;
    }

    /**
     * As training cleans: every step, with gap filling cut at the config's split boundaries (what a backtest
     * on the test range must see), and those boundaries.
     */
    public static CleanedSteps cleanAsTraining(SparkSession spark, DataConfig config) {
        List<String> files = SourceReader.resolve(spark, config.source());
        return clean(spark, config, files, Long.MIN_VALUE, Long.MAX_VALUE, true);
    }

    /**
     * Stage 1 alone: the parsed rows ({@link RowParser#schema}: series, time, pos, file, block, v0..vN with
     * NaN where missing, c0..cM) of every file, uncleaned; forecasting reads known-future covariates from it.
     */
    public static Dataset<Row> parse(SparkSession spark, DataConfig config) {
        List<String> files = SourceReader.resolve(spark, config.source());
        return parsed(spark, config, files, SourceReader.read(spark, config, files), counters(spark));
    }

    /** Stage 1: parses the rows of {@code raw}, the read of {@code files} ({@link RowParser}), counting into {@code counters}. */
    private static Dataset<Row> parsed(SparkSession spark, DataConfig config, List<String> files, SourceReader.Raw raw,
                                       ProblemCounters counters) {
        Dataset<Row> rows = raw.rows().mapPartitions(new RowParser(config, counters, raw.shape(), raw.files()),
                Encoders.row(RowParser.schema(config)));
        if (config.features().crossSeries().isEmpty()) {
            return rows;
        }
        // the means come from a read of their own whose counters are thrown away: reading the rows twice in one plan
        // would count every row and cell twice, and caching them all would hold the whole dataset
        SourceReader.Raw again = SourceReader.read(spark, config, files);
        Dataset<Row> uncounted = again.rows().mapPartitions(new RowParser(config, counters(spark), again.shape(), raw.files()),
                Encoders.row(RowParser.schema(config)));
        return CrossSeriesMeans.apply(rows, uncounted, config);
    }

    private static ProblemCounters counters(SparkSession spark) {
        return new ProblemCounters(JavaSparkContext.fromSparkContext(spark.sparkContext()));
    }

    /**
     * {@code split}: cut gap filling at the config's split boundaries (and return them); else no boundaries, as for
     * forecasting. Fraction boundaries need each series' range before cleaning: the parser notes it as it writes the
     * cleaning's shuffle, in a job that runs only that shuffle's map stage (the files are read and parsed once).
     */
    private static CleanedSteps clean(SparkSession spark, DataConfig config, List<String> files, long fromMillis, long untilMillis,
                                      boolean split) {
        ProblemCounters counters = counters(spark);
        SourceReader.Raw raw = SourceReader.read(spark, config, files);
        Dataset<Row> parsed = parsed(spark, config, files, raw, counters);
        if (untilMillis != Long.MAX_VALUE) {
            parsed = parsed.where(col("time").leq(untilMillis));
        }
        if (fromMillis != Long.MIN_VALUE) {
            parsed = parsed.where(col("time").geq(fromMillis));
        }
        boolean byFraction = split && config.split().mode != SplitMode.DATES;
        describe(spark, byFraction ? "data: read, validate, shuffle by series, each series' range" : "data: read, validate, shuffle by series, sort and clean");
        JavaRDD<Row> sorted = parsed.repartition(config.window().cleaningPartitions(), col("series"))
                .sortWithinPartitions(col("series"), col("time"), col("pos")).javaRDD();
        SplitBoundaries boundaries = null;
        if (split && !byFraction) {
            boundaries = SplitBoundaries.byDates(config.split(), config.source().zoneId());
        } else if (byFraction) {
            // the shuffle's map stage alone (its reduce tasks read nothing): the parser notes each series' range as it goes,
            // and the cleaning then reads the same shuffle (its map stage is not run again)
            materialise(() -> sorted.mapPartitions(new ReadNothing()).count());
            boundaries = SplitBoundaries.byFraction(config.split(), config.policy().stepMillis(), gridRanges(counters.parsedRanges(), config));
            describe(spark, "data: sort and clean each series");
        }
        JavaRDD<StepBlock> blocks = sorted.mapPartitions(new SeriesCleaner(config, counters, boundaries, raw.files()))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        List<SeriesSummary> summaries = materialise(() -> blocks.mapPartitions(new SeriesSummary.Of()).collect());
        describe(spark, null);
        if (counters.get(Counter.ROWS_READ) == 0 && counters.get(Counter.FILES_WITHOUT_ROWS) == files.size()) {
            throw new InvalidDataException(files.size() == 1 ? "file " + files.get(0) + " holds only its header line: no data rows"
                    : "empty input: all " + files.size() + " files matched by " + DataKeys.PATHS + "=" + String.join(",", config.source().paths())
                    + " hold only their header lines, no data rows");
        }
        if (counters.get(Counter.ROWS_READ) == 0) {
            throw new InvalidDataException("empty input: " + files.size() + " file(s) matched by " + DataKeys.PATHS + "="
                    + String.join(",", config.source().paths()) + " hold no data rows");
        }
        Map<String, SeriesSummary> bySeriesName = new TreeMap<>();
        Map<String, long[]> ranges = new TreeMap<>();
        for (SeriesSummary s : summaries) {
            bySeriesName.put(s.series, s);
            ranges.put(s.series, s.range());
        }
        if (ranges.isEmpty()) {
            throw new InvalidDataException("no series left after cleaning: " + counters.snapshot());
        }
        Dataset<Row> steps = spark.createDataFrame(blocks.flatMap(new StepRows()), SeriesCleaner.schema(config, boundaries != null));
        return new CleanedSteps(files, counters, blocks, steps, ranges, bySeriesName, boundaries);
    }

    /**
     * The grid range {first, last} of each series' parsed rows (times floored to their grid bucket), for the
     * fraction split: its boundaries must be known before cleaning, because gap filling does not cross them.
     * {@code parsed}: each series' first and last parsed time. This range can be a little wider than the cleaned one:
     * it includes leading and trailing rows that cleaning drops (incomplete, in short segments).
     */
    private static Map<String, long[]> gridRanges(Map<String, long[]> parsed, DataConfig config) {
        long origin = SeriesCleaner.gridOrigin(config);
        long step = config.policy().stepMillis();
        Map<String, long[]> ranges = new TreeMap<>();
        parsed.forEach((series, r) -> ranges.put(series, new long[] {origin + Math.floorDiv(r[0] - origin, step) * step,
                origin + Math.floorDiv(r[1] - origin, step) * step}));
        return ranges;
    }

    /** Reads no row: a job of it over shuffled rows runs only the shuffle's map stage. */
    private static final class ReadNothing implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return Collections.emptyIterator();
        }
    }

    /** Names the Spark jobs this thread starts from now on ({@link SparkProgress} shows it); null: no name. */
    static void describe(SparkSession spark, String what) {
        spark.sparkContext().setJobDescription(what);
    }

    /** Runs a Spark action; a data error on an executor comes back as the {@link InvalidDataException} itself. */
    public static <T> T materialise(java.util.function.Supplier<T> action) {
        try {
            return action.get();
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

    /**
     * The sorted distinct values of each categorical column in the training steps of the series kept (not in
     * {@code excluded}): a level that first appears in validation or test must not shape the inputs. {@code unseen[0]}
     * receives how many categorical cells of the kept series' steps hold no level (they encode as "missing").
     */
    private static List<List<String>> levels(JavaRDD<StepBlock> blocks, Set<String> excluded, DataConfig config, long[] unseen) {
        int categorical = config.features().categorical().size();
        List<TreeMap<String, long[]>> counts = new ArrayList<>();
        for (int j = 0; j < categorical; j++) {
            counts.add(new TreeMap<>());
        }
        if (categorical > 0) {
            for (Tuple2<String, long[]> t : materialise(() -> blocks.mapPartitions(new CategoryTally(excluded)).collect())) {
                long[] sum = counts.get((int) t._2()[0]).computeIfAbsent(t._1(), v -> new long[2]);
                sum[0] += t._2()[1];
                sum[1] += t._2()[2];
            }
        }
        List<List<String>> levels = new ArrayList<>();
        for (TreeMap<String, long[]> column : counts) {
            List<String> values = new ArrayList<>();
            column.forEach((value, c) -> {
                if (c[0] > 0) {
                    values.add(value);
                } else {
                    unseen[0] += c[1];
                }
            });
            levels.add(List.copyOf(values));
        }
        return levels;
    }

    private static EnumMap<Split, List<SegmentRef>> segments(Collection<SeriesSummary> summaries) {
        EnumMap<Split, List<SegmentRef>> out = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            out.put(s, new ArrayList<>());
        }
        for (SeriesSummary summary : summaries) {
            for (SegmentRef ref : summary.segments()) {
                out.get(ref.split).add(ref);
            }
        }
        return out;
    }

    /** A block's steps as rows of {@link SeriesCleaner#schema}: the cleaned steps for Spark SQL and the forecasts. */
    private static final class StepRows implements FlatMapFunction<StepBlock, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(StepBlock b) {
            return b.rows().iterator();
        }
    }
}
