package org.sparkcast.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of {@link DataPipeline#prepare}: cleaned, split-tagged steps ({@link CleanedSteps}, persisted), the fitted
 * {@link Scaler} and {@link FeatureLayout} (kept with the model), one {@link WindowPlan} per split and the
 * {@link RunReport}. {@link #windows} gives a split's windows as an RDD whose partitions stream their
 * {@link WindowBlock}s in time order.
 */
public final class PreparedData {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedData.class);

    private final DataConfig config;
    private final CleanedSteps cleaned;
    private final FeatureLayout layout;
    private final Scaler scaler;
    private final EnumMap<Split, WindowPlan> plans;
    private final RunReport report;

    /** {@code cleaned}: the cleaned steps, each with its split. */
    PreparedData(DataConfig config, CleanedSteps cleaned, FeatureLayout layout, Scaler scaler,
                 EnumMap<Split, WindowPlan> plans, RunReport report) {
        this.config = config;
        this.cleaned = cleaned;
        this.layout = layout;
        this.scaler = scaler;
        this.plans = plans;
        this.report = report;
    }

    /** The windows of one split: partition p of the RDD is partition p of the plan, windows in time order. */
    public JavaRDD<WindowBlock> windows(Split split) {
        return windows(split, 0);
    }

    /** As {@link #windows(Split)}; {@code horizon} > 0 adds the direct objective's H-step labels and masks to every step. */
    public JavaRDD<WindowBlock> windows(Split split, int horizon) {
        WindowPlan plan = plans.get(split);
        return cleaned.blocks()
                .flatMapToPair(new StepEncoder(split, plan, scaler, layout, config, horizon > 0))
                .repartitionAndSortWithinPartitions(new StepKey.ByPlan(plan.partitions()), new StepKey.Ordering())
                .mapPartitionsWithIndex(new WindowBuilder(layout, config.window(), horizon), true);
    }

    /**
     * Counts every split's windows and real steps into the report from the window plans alone
     * ({@link WindowPlan#cut}: the lane scheduler's walk over the segments' lengths), building no window.
     */
    public RunReport countWindows() {
        return countWindows(Map.of());
    }

    /**
     * The same, counting the windows of {@code built} where it holds a split (a training run's persisted windows, which
     * this materialises) and the others' from their plans.
     */
    public RunReport countWindows(Map<Split, JavaRDD<WindowBlock>> built) {
        for (Split s : Split.values()) {
            record(s, built.containsKey(s) ? tally(built.get(s), s) : plans.get(s).cut(config.window().steps(), config.window().lanes()));
        }
        return report;
    }

    /** Builds every split's windows once and counts them into the report (what the plan's count must equal; bench-data times it). */
    public RunReport buildAndCountWindows() {
        for (Split s : Split.values()) {
            record(s, tally(windows(s), s));
        }
        return report;
    }

    private static long[] tally(JavaRDD<WindowBlock> windows, Split s) {
        windows.context().setJobDescription("data: build the " + ConfigReader.configName(s) + " windows");
        long[] n = windows.map(new Tally()).fold(new long[2], new Sum());
        windows.context().setJobDescription(null);
        return n;
    }

    private void record(Split s, long[] n) {
        Map<String, Object> w = report.section("windows." + ConfigReader.configName(s));
        w.put("windows", n[0]);
        w.put("steps", n[1]);
        w.put("partitions", plans.get(s).partitions());
        w.put("load-per-partition", plans.get(s).load());
    }

    /** Writes run-report.json, scaling.json, features.json and data.properties into the output folder and logs the summary. */
    public void writeOutputs(Configuration hadoop) {
        String dir = config.output();
        RunReport.writeFile(hadoop, dir, "run-report.json", report.toJson());
        RunReport.writeFile(hadoop, dir, "scaling.json", RunReport.json(scaler.describe()));
        RunReport.writeFile(hadoop, dir, "features.json", RunReport.json(Map.of("names", layout.names(), "levels", layout.levels(),
                "targets", layout.targets(), "width", layout.width())));
        java.io.StringWriter props = new java.io.StringWriter();
        try {
            config.toProperties().store(props, "effective data config of " + config.name());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        RunReport.writeFile(hadoop, dir, "data.properties", props.toString());
        LOG.info(report.summary());
    }

    /** Frees the persisted cleaned steps (after the last {@link #windows} call). */
    public void release() {
        cleaned.release();
    }

    public RunReport report() { return report; }

    /**
     * What a model manifest keeps of its data: the effective data config (the schema a forecast checks new
     * data against), feature names, categorical levels, targets, the scaling, the run report, and every input
     * file with its size, modification time and checksum ({@link InputFiles}).
     */
    public Map<String, Object> modelDescription(Configuration hadoop) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("dataset", config.name());
        Map<String, String> keys = new java.util.TreeMap<>();
        config.toProperties().forEach((k, v) -> keys.put((String) k, (String) v));
        d.put("config", keys);
        d.put("features", layout.names());
        d.put("categorical_levels", layout.levels());
        d.put("targets", layout.targets());
        d.put("target_names", config.features().targets());
        d.put("scaling", scaler.describe());
        d.put("report", report.toJson());
        d.put("input_files", InputFiles.describe(cleaned.files(), hadoop));
        return d;
    }

    /**
     * Per split, "series S, segment k" for each {partition, order} of the plan, keyed {@code partition + ":" + order}:
     * how a training report names the series behind a lane.
     */
    public Map<String, String> segmentNames(Split split) {
        Map<String, String> names = new java.util.HashMap<>();
        plans.get(split).placements().forEach((key, where) -> {
            String[] parts = key.split("\u0001");
            names.put(where[0] + ":" + where[1], "'" + parts[0] + "' segment " + parts[1]);
        });
        return names;
    }
    public DataConfig config() { return config; }
    public Scaler scaler() { return scaler; }
    public FeatureLayout layout() { return layout; }
    public WindowPlan plan(Split split) { return plans.get(split); }
    /** The cleaned steps with their split, as rows of {@link SeriesCleaner#schema}. */
    public Dataset<Row> steps() { return cleaned.steps(); }

    /** (1 window, its real steps). */
    static final class Tally implements Function<WindowBlock, long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] call(WindowBlock w) {
            return new long[] {1, w.validSteps()};
        }
    }

    /** Element-wise sum, in a fixed order (fold over partitions in index order). */
    static final class Sum implements Function2<long[], long[], long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] call(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }
}
