package org.sparkcast.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.PreparedData;
import org.sparkcast.data.Split;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.train.SyntheticWindows;
import org.sparkcast.train.TrainingConfig;

/**
 * The windows a training run reads: a configured dataset ({@code data.*}, through the data pipeline: the
 * train split trains, the validation split validates), or — when no {@code data.paths} is configured — the
 * generated noisy sines of {@code train.synthetic.*}. Both window RDDs are persisted, since every round
 * reads them again, as objects rather than serialised: a window is a few float arrays, so it takes about
 * the same memory either way and the garbage collector has no references in it to trace, while serialised
 * storage would pay a Kryo pass over every window every epoch (10% of the epoch on the Beijing set).
 * Partitions that do not fit in memory spill to disk serialised, as with any storage level. Also what the
 * model manifest must know of the data.
 */
final class TrainingData {
    final JavaRDD<WindowBlock> train;
    final JavaRDD<WindowBlock> validation;
    final int inputs;
    final int outputs;
    final Map<String, Object> description;
    /** The effective data settings in one line, stored in checkpoints so that resume can refuse other data. */
    final String fingerprint;
    /** "partition:order" of a training segment to a readable "'series' segment k" (empty for synthetic data). */
    Map<String, String> segmentNames = Map.of();

    private TrainingData(JavaRDD<WindowBlock> train, JavaRDD<WindowBlock> validation, int inputs, int outputs,
                         Map<String, Object> description, String fingerprint) {
        this.fingerprint = fingerprint;
        this.train = train.persist(StorageLevel.MEMORY_AND_DISK());
        this.validation = validation.persist(StorageLevel.MEMORY_AND_DISK());
        this.inputs = inputs;
        this.outputs = outputs;
        this.description = description;
    }

    /** Whether the config describes a dataset: any {@code data.*} key (then {@code data.paths} is required). */
    static boolean configured(Properties props) {
        return props.stringPropertyNames().stream().anyMatch(k -> k.startsWith("data."));
    }

    /** {@code horizon} > 0: windows carry the direct objective's H-step labels. */
    static TrainingData fromDataset(SparkSession session, DataConfig config, int horizon) {
        PreparedData prepared = DataPipeline.prepare(session, config);
        JavaRDD<WindowBlock> train = prepared.windows(Split.TRAIN, horizon).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<WindowBlock> validation = prepared.windows(Split.VALIDATION, horizon).persist(StorageLevel.MEMORY_AND_DISK());
        // the run report of prepare, windows included: building the persisted windows here is the first epoch's work done
        // early; the test split's windows are built only to be counted
        prepared.countWindows(Map.of(Split.TRAIN, train, Split.VALIDATION, validation));
        prepared.release(); // the cleaned steps: training reads only the persisted windows from here on
        prepared.writeOutputs(session.sparkContext().hadoopConfiguration());
        Map<String, Object> d = prepared.modelDescription(session.sparkContext().hadoopConfiguration());
        TrainingData data = new TrainingData(train, validation, prepared.layout().width(), prepared.layout().targets(), d,
                d.get("config").toString()); // the sorted data keys
        data.segmentNames = prepared.segmentNames(Split.TRAIN);
        return data;
    }

    static TrainingData synthetic(JavaSparkContext jsc, TrainingConfig cfg) {
        if (cfg.objective() == org.sparkcast.train.Objective.DIRECT) {
            throw new IllegalArgumentException("train.objective=direct needs a dataset (data.paths): the synthetic windows of "
                    + "train.synthetic.* carry no multi-step labels");
        }
        long seed = cfg.settings().seed();
        SyntheticWindows train = new SyntheticWindows(cfg.syntheticLanes(), cfg.syntheticSteps(), cfg.syntheticWindow(), seed);
        SyntheticWindows held = new SyntheticWindows(cfg.syntheticLanes(), Math.max(1, cfg.syntheticSteps() / 4), cfg.syntheticWindow(), seed + 7919);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", "synthetic noisy daily sines (train.synthetic.*)");
        String fingerprint = "synthetic lanes=" + cfg.syntheticLanes() + " steps=" + cfg.syntheticSteps() + " window=" + cfg.syntheticWindow();
        return new TrainingData(train.rdd(jsc, cfg.partitions()), held.rdd(jsc, cfg.partitions()), 1, 1, d, fingerprint);
    }

    void release() {
        train.unpersist(false);
        validation.unpersist(false);
    }
}
