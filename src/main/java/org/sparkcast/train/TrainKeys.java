package org.sparkcast.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key of the {@code train} section and its default, in one place. Enum values are
 * written in lower case with dashes ({@code mse-all-steps}, {@code global-norm}).
 */
public final class TrainKeys {
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    /** {@code lstm}, {@code gru}, {@code rnn-tanh} or {@code rnn-relu}. */
    public static final String CELL = key("train.cell", "lstm");
    public static final String HIDDEN = key("train.hidden", "32");
    public static final String LAYERS = key("train.layers", "1");
    /** {@code unidirectional} or {@code bidirectional}. */
    public static final String DIRECTIONALITY = key("train.directionality", "unidirectional");
    /** {@code mse-all-steps} or {@code mse-last-step}. */
    public static final String LOSS = key("train.loss", "mse-all-steps");
    /**
     * {@code one-step} (every step predicts the next step's targets; forecasts roll out recursively) or {@code direct}
     * (every step is a forecast origin and predicts the next {@code train.horizon} steps of every target at once).
     */
    public static final String OBJECTIVE = key("train.objective", "one-step");
    /** H of the direct objective; 0 takes {@code forecast.horizon}. */
    public static final String HORIZON = key("train.horizon", "0");
    /** Quantile levels of the direct objective (pinball loss), e.g. {@code 0.1,0.5,0.9}; empty: the mean (masked MSE). */
    public static final String QUANTILES = key("train.quantiles", "");
    /** Direct objective: the head predicts the change from the target's last observed value (its input at the origin). */
    public static final String NAIVE_SKIP = key("train.naive-skip", "false");
    /**
     * Direct objective: {@code equal} (every horizon step and target weighs 1 in the loss) or {@code naive} (each weighs the
     * inverse of the naive forecast's mean absolute error at that step on the training windows, scaled to mean 1, so the
     * first hours count as much as the last; see {@code HorizonWeights}).
     */
    public static final String HORIZON_WEIGHTS = key("train.horizon-weights", "equal");
    /** {@code sgd}, {@code adam} or {@code adamw}. */
    public static final String OPTIMIZER = key("train.optimizer", "adam");
    public static final String LEARNING_RATE = key("train.learning-rate", "0.01");
    /** Linear warm-up over this many updates (0 = none). */
    public static final String LR_WARMUP_STEPS = key("train.lr-warmup-steps", "0");
    /** Multiply the learning rate by this every {@code train.lr-decay-steps} updates (1 = constant). */
    public static final String LR_DECAY = key("train.lr-decay", "1");
    public static final String LR_DECAY_STEPS = key("train.lr-decay-steps", "1000");
    /** SGD momentum. */
    public static final String MOMENTUM = key("train.momentum", "0");
    public static final String WEIGHT_DECAY = key("train.weight-decay", "0");
    /** {@code none} or {@code global-norm}. */
    public static final String CLIP = key("train.clip", "global-norm");
    public static final String CLIP_NORM = key("train.clip-norm", "1.0");
    public static final String SEED = key("train.seed", "1");
    /** {@code epoch} (average once per epoch) or {@code windows} (every {@code train.sync-windows} windows). */
    public static final String SYNC = key("train.sync", "epoch");
    public static final String SYNC_WINDOWS = key("train.sync-windows", "16");
    public static final String EPOCHS = key("train.epochs", "10");
    /** Epochs without a better validation loss before stopping; 0 = never stop early. */
    public static final String PATIENCE = key("train.patience", "3");
    /**
     * An epoch whose validation loss (the training loss without validation data) is more than this many times the best
     * seen so far — the untrained model's loss included — ends the run as diverged (exit 4) and writes no model;
     * {@code off} (or 0) disables the check.
     */
    public static final String DIVERGENCE_FACTOR = key("train.divergence-factor", "10");
    /**
     * Where a round's partition models are summed: {@code driver} (each partition sends its whole model to the driver),
     * {@code sharded} (summed in shards on the executors; the driver receives the parameters once), or {@code auto}
     * (sharded from 16 partitions). The model is bit-identical either way.
     */
    public static final String REDUCTION = key("train.reduction", "auto");
    /** Spark partitions of the synthetic training windows; a configured dataset is partitioned by {@code data.partitions}. */
    public static final String PARTITIONS = key("train.partitions", "2");
    /** Where checkpoints go (any Hadoop filesystem URI or path). */
    public static final String CHECKPOINT_DIR = key("train.checkpoint-dir", "target/sparkcast-run/checkpoints");
    /** The model directory: each successful run adds its model as a new version and makes it current. */
    public static final String MODEL_DIR = key("train.model-dir", "target/sparkcast-run/model");
    /** Model versions kept in {@code train.model-dir} after a run writes a new one (the oldest go first; never the current one). */
    public static final String KEEP_VERSIONS = key("train.keep-versions", "5");
    /** Spark master when neither spark-submit nor {@code spark.master} sets one. */
    public static final String MASTER = key("train.master", "local[*]");
    /** Synthetic data (used when no {@code data.paths} is configured): lanes per partition, steps per lane, window length. */
    public static final String SYNTHETIC_LANES = key("train.synthetic.lanes", "16");
    public static final String SYNTHETIC_STEPS = key("train.synthetic.steps", "960");
    public static final String SYNTHETIC_WINDOW = key("train.synthetic.window", "24");

    private TrainKeys() {
    }

    private static String key(String name, String defaultValue) {
        DEFAULTS.put(name, defaultValue);
        return name;
    }

    /** The default of a key, or null when it has none. */
    public static String defaultOf(String key) {
        return DEFAULTS.get(key);
    }

    /** Every key of the section. */
    public static List<String> all() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** Keys and defaults, in declaration order. */
    public static Map<String, String> defaults() {
        return Collections.unmodifiableMap(DEFAULTS);
    }
}
