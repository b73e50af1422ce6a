package org.sparkcast.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.sparkcast.data.DataKeys;
import org.sparkcast.data.NearestName;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;

/**
 * The {@code train.*} section of a config: {@link TrainingSettings} plus where and how the run happens
 * (partitions, checkpoint and model directories, master, synthetic data). Immutable; built only by
 * {@link #fromProperties}, which validates every value and names the key in its errors;
 * {@link #toProperties} writes every key back so that {@code fromProperties(toProperties(c)).equals(c)}.
 */
public final class TrainingConfig {
    private final TrainingSettings settings;
    private final int partitions;
    private final String checkpointDir;
    private final String modelDir;
    private final String master;
    private final int syntheticLanes;
    private final int syntheticSteps;
    private final int syntheticWindow;
    private final Objective objective;
    private final int horizon;
    private final float[] quantiles;
    private final boolean naiveSkip;
    private final HorizonWeighting horizonWeighting;
    /** 0 when the check is off. Not a {@link TrainingSettings} field: it decides when a run fails, never what it computes. */
    private final double divergenceFactor;
    private final int keepVersions;
    private final Reduction reduction;

    private TrainingConfig(TrainingSettings settings, int partitions, String checkpointDir, String modelDir, String master,
                           int syntheticLanes, int syntheticSteps, int syntheticWindow, Objective objective, int horizon,
                           float[] quantiles, boolean naiveSkip, HorizonWeighting horizonWeighting, double divergenceFactor,
                           int keepVersions, Reduction reduction) {
        this.reduction = reduction;
        this.horizonWeighting = horizonWeighting;
        this.divergenceFactor = divergenceFactor;
        this.keepVersions = keepVersions;
        this.naiveSkip = naiveSkip;
        this.objective = objective;
        this.horizon = horizon;
        this.quantiles = quantiles;
        this.settings = settings;
        this.partitions = partitions;
        this.checkpointDir = checkpointDir;
        this.modelDir = modelDir;
        this.master = master;
        this.syntheticLanes = syntheticLanes;
        this.syntheticSteps = syntheticSteps;
        this.syntheticWindow = syntheticWindow;
    }

    /** Reads the {@code train.*} keys (defaults from {@link TrainKeys}); keys of other sections are ignored. */
    public static TrainingConfig fromProperties(Properties props) {
        Reader r = new Reader(props);
        r.rejectUnknownKeys();
        NetworkSpec network = new NetworkSpec(
                CellType.fromConfigName(r.string(TrainKeys.CELL).replace('-', '_')),
                1, r.integer(TrainKeys.HIDDEN, 1, 65_536), r.integer(TrainKeys.LAYERS, 1, 64),
                r.choice(TrainKeys.DIRECTIONALITY, Directionality.class), 1, r.choice(TrainKeys.LOSS, LossKind.class));
        refuseWhatWindowsCannotTrain(network);
        TrainingSettings settings = new TrainingSettings(network, r.choice(TrainKeys.OPTIMIZER, Optimizer.Kind.class),
                new LearningRateSchedule((float) r.decimal(TrainKeys.LEARNING_RATE, 1e-9, 100),
                        r.integer(TrainKeys.LR_WARMUP_STEPS, 0, Integer.MAX_VALUE), r.decimal(TrainKeys.LR_DECAY, 1e-9, 1),
                        r.integer(TrainKeys.LR_DECAY_STEPS, 1, Integer.MAX_VALUE)),
                (float) r.decimal(TrainKeys.MOMENTUM, 0, 0.9999),
                (float) r.decimal(TrainKeys.WEIGHT_DECAY, 0, 10), r.choice(TrainKeys.CLIP, GradientClipper.Mode.class),
                (float) r.decimal(TrainKeys.CLIP_NORM, 1e-9, 1e9), r.longValue(TrainKeys.SEED),
                r.choice(TrainKeys.SYNC, SyncMode.class), r.integer(TrainKeys.SYNC_WINDOWS, 1, Integer.MAX_VALUE),
                r.integer(TrainKeys.EPOCHS, 1, 1_000_000), r.integer(TrainKeys.PATIENCE, 0, 1_000_000));
        Objective objective = r.choice(TrainKeys.OBJECTIVE, Objective.class);
        int horizon = r.integer(TrainKeys.HORIZON, 0, 100_000);
        if (horizon == 0) {
            String forecast = props.getProperty("forecast.horizon", "24").trim();
            try {
                horizon = Integer.parseInt(forecast);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(TrainKeys.HORIZON + "=0 takes forecast.horizon, which is not a whole number: '" + forecast + "'");
            }
        }
        float[] quantiles = r.quantiles(TrainKeys.QUANTILES);
        if (objective == Objective.ONE_STEP && (quantiles.length > 0 || r.bool(TrainKeys.NAIVE_SKIP))) {
            throw new IllegalArgumentException(TrainKeys.QUANTILES + " and " + TrainKeys.NAIVE_SKIP + " need " + TrainKeys.OBJECTIVE
                    + "=direct (one-step training predicts the mean of the next step)");
        }
        HorizonWeighting weighting = r.choice(TrainKeys.HORIZON_WEIGHTS, HorizonWeighting.class);
        if (objective == Objective.ONE_STEP && weighting != HorizonWeighting.EQUAL) {
            throw new IllegalArgumentException(TrainKeys.HORIZON_WEIGHTS + "=" + name(weighting) + " needs " + TrainKeys.OBJECTIVE
                    + "=direct (one-step training has a single horizon step)");
        }
        if (objective == Objective.DIRECT && horizon < 1) {
            throw new IllegalArgumentException(TrainKeys.OBJECTIVE + "=direct needs a horizon >= 1, got " + horizon);
        }
        return new TrainingConfig(settings, r.integer(TrainKeys.PARTITIONS, 1, 100_000), r.string(TrainKeys.CHECKPOINT_DIR),
                r.string(TrainKeys.MODEL_DIR), r.string(TrainKeys.MASTER), r.integer(TrainKeys.SYNTHETIC_LANES, 1, 1 << 16),
                r.integer(TrainKeys.SYNTHETIC_STEPS, 1, Integer.MAX_VALUE), r.integer(TrainKeys.SYNTHETIC_WINDOW, 1, 1 << 20),
                objective, horizon, quantiles, r.bool(TrainKeys.NAIVE_SKIP), weighting, r.factorOrOff(TrainKeys.DIVERGENCE_FACTOR),
                r.integer(TrainKeys.KEEP_VERSIONS, 1, 1_000_000), r.choice(TrainKeys.REDUCTION, Reduction.class));
    }

    /**
     * Training reads windows whose input at step t holds the targets of step t (and predicts step t+1), with
     * ragged, masked lane ends. Two network options are unsound on them and refused rather than trained wrong.
     */
    private static void refuseWhatWindowsCannotTrain(NetworkSpec network) {
        if (network.directionality() == Directionality.BIDIRECTIONAL) {
            throw new IllegalArgumentException(TrainKeys.DIRECTIONALITY + "=bidirectional is refused for training: windows predict "
                    + "one step ahead and the next step's input holds this step's target, so a reverse direction would read the "
                    + "answer (and a forecast has no future to read). Use unidirectional.");
        }
        if (network.loss() == LossKind.MSE_LAST_STEP) {
            throw new IllegalArgumentException(TrainKeys.LOSS + "=mse-last-step is not supported for training on windows yet: "
                    + "a window's lanes end at different (masked) steps and every step carries a target. Use mse-all-steps.");
        }
    }

    /** Every {@code train.*} key with this config's value. */
    public Properties toProperties() {
        Properties p = new Properties();
        NetworkSpec n = settings.network();
        p.setProperty(TrainKeys.CELL, n.cell().configName().replace('_', '-'));
        p.setProperty(TrainKeys.HIDDEN, Integer.toString(n.hiddenSize()));
        p.setProperty(TrainKeys.LAYERS, Integer.toString(n.layers()));
        p.setProperty(TrainKeys.DIRECTIONALITY, name(n.directionality()));
        p.setProperty(TrainKeys.LOSS, name(n.loss()));
        p.setProperty(TrainKeys.OBJECTIVE, name(objective));
        p.setProperty(TrainKeys.HORIZON, Integer.toString(horizon));
        List<String> levels = new ArrayList<>();
        for (float q : quantiles) {
            levels.add(Float.toString(q));
        }
        p.setProperty(TrainKeys.QUANTILES, String.join(",", levels));
        p.setProperty(TrainKeys.NAIVE_SKIP, Boolean.toString(naiveSkip));
        p.setProperty(TrainKeys.HORIZON_WEIGHTS, name(horizonWeighting));
        p.setProperty(TrainKeys.OPTIMIZER, name(settings.optimizer()));
        p.setProperty(TrainKeys.LEARNING_RATE, Float.toString(settings.learningRate()));
        p.setProperty(TrainKeys.LR_WARMUP_STEPS, Long.toString(settings.schedule().warmupSteps()));
        p.setProperty(TrainKeys.LR_DECAY, Double.toString(settings.schedule().decay()));
        p.setProperty(TrainKeys.LR_DECAY_STEPS, Long.toString(settings.schedule().decaySteps()));
        p.setProperty(TrainKeys.MOMENTUM, Float.toString(settings.momentum()));
        p.setProperty(TrainKeys.WEIGHT_DECAY, Float.toString(settings.weightDecay()));
        p.setProperty(TrainKeys.CLIP, name(settings.clipMode()));
        p.setProperty(TrainKeys.CLIP_NORM, Float.toString(settings.clipNorm()));
        p.setProperty(TrainKeys.SEED, Long.toString(settings.seed()));
        p.setProperty(TrainKeys.SYNC, name(settings.sync()));
        p.setProperty(TrainKeys.SYNC_WINDOWS, Integer.toString(settings.sync() == SyncMode.WINDOWS ? settings.syncWindows()
                : Integer.parseInt(TrainKeys.defaultOf(TrainKeys.SYNC_WINDOWS))));
        p.setProperty(TrainKeys.EPOCHS, Integer.toString(settings.epochs()));
        p.setProperty(TrainKeys.PATIENCE, Integer.toString(settings.patience()));
        p.setProperty(TrainKeys.DIVERGENCE_FACTOR, divergenceFactor == 0 ? "off" : Double.toString(divergenceFactor));
        p.setProperty(TrainKeys.KEEP_VERSIONS, Integer.toString(keepVersions));
        p.setProperty(TrainKeys.REDUCTION, name(reduction));
        p.setProperty(TrainKeys.PARTITIONS, Integer.toString(partitions));
        p.setProperty(TrainKeys.CHECKPOINT_DIR, checkpointDir);
        p.setProperty(TrainKeys.MODEL_DIR, modelDir);
        p.setProperty(TrainKeys.MASTER, master);
        p.setProperty(TrainKeys.SYNTHETIC_LANES, Integer.toString(syntheticLanes));
        p.setProperty(TrainKeys.SYNTHETIC_STEPS, Integer.toString(syntheticSteps));
        p.setProperty(TrainKeys.SYNTHETIC_WINDOW, Integer.toString(syntheticWindow));
        return p;
    }

    /**
     * The settings with the network's input and output sizes set from the data's features and {@code targets}: Y outputs
     * one step ahead, H*Y*Q for the direct objective.
     */
    public TrainingSettings settingsFor(int inputs, int targets) {
        NetworkSpec n = settings.network();
        HorizonLoss direct = objective == Objective.DIRECT ? new HorizonLoss(horizon, targets, quantiles, naiveSkip) : null;
        int outputs = direct == null ? targets : direct.outputs();
        NetworkSpec sized = new NetworkSpec(n.cell(), inputs, n.hiddenSize(), n.layers(), n.directionality(), outputs, n.loss());
        return new TrainingSettings(sized, settings.optimizer(), settings.schedule(), settings.momentum(),
                settings.weightDecay(), settings.clipMode(), settings.clipNorm(), settings.seed(), settings.sync(),
                settings.syncWindows(), settings.epochs(), settings.patience(), direct);
    }

    public Objective objective() { return objective; }
    /** How the direct objective weighs its horizon steps ({@link HorizonWeights} computes {@code naive}'s weights). */
    public HorizonWeighting horizonWeighting() { return horizonWeighting; }
    /** H of the direct objective (also set, unused, for one-step). */
    public int horizon() { return horizon; }
    /** The direct objective's quantile levels (a copy); empty for the mean. */
    public float[] quantiles() { return quantiles.clone(); }

    public TrainingSettings settings() { return settings; }
    public int partitions() { return partitions; }
    public String checkpointDir() { return checkpointDir; }
    public String modelDir() { return modelDir; }
    public String master() { return master; }
    public int syntheticLanes() { return syntheticLanes; }
    public int syntheticSteps() { return syntheticSteps; }
    public int syntheticWindow() { return syntheticWindow; }
    /** How many times the best loss seen an epoch's loss may reach before the run counts as diverged; 0: never. */
    public double divergenceFactor() { return divergenceFactor; }
    /** Model versions {@code train} keeps in the model directory. */
    public int keepVersions() { return keepVersions; }
    /** Where a round's partition models are summed ({@link Reduction}). */
    public Reduction reduction() { return reduction; }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && settings.equals(c.settings) && partitions == c.partitions
                && checkpointDir.equals(c.checkpointDir) && modelDir.equals(c.modelDir) && master.equals(c.master)
                && syntheticLanes == c.syntheticLanes && syntheticSteps == c.syntheticSteps && syntheticWindow == c.syntheticWindow
                && objective == c.objective && horizon == c.horizon && java.util.Arrays.equals(quantiles, c.quantiles)
                && naiveSkip == c.naiveSkip && horizonWeighting == c.horizonWeighting && divergenceFactor == c.divergenceFactor && keepVersions == c.keepVersions
                && reduction == c.reduction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, partitions, checkpointDir, modelDir, master, syntheticLanes, syntheticSteps, syntheticWindow,
                objective, horizon, java.util.Arrays.hashCode(quantiles), naiveSkip, horizonWeighting, divergenceFactor, keepVersions, reduction);
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Typed access to {@code train.*} values with the key named in every error. */
    private static final class Reader {
        private final Properties props;

        Reader(Properties props) {
            this.props = props;
        }

        String string(String key) {
            String v = props.getProperty(key, TrainKeys.defaultOf(key));
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("configuration key '" + key + "' needs a value");
            }
            return v.trim();
        }

        int integer(String key, int min, int max) {
            long v = longValue(key);
            if (v < min || v > max) {
                throw new IllegalArgumentException(key + "=" + v + " is outside [" + min + ", " + max + "]");
            }
            return (int) v;
        }

        long longValue(String key) {
            String v = string(key);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + "=" + v + " is not a whole number");
            }
        }

        double decimal(String key, double min, double max) {
            String v = string(key);
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw new IllegalArgumentException(key + "=" + v + " is outside [" + min + ", " + max + "]");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + "=" + v + " is not a number");
            }
        }

        /** {@code off} or 0 (returned as 0), else a number >= 1. */
        double factorOrOff(String key) {
            String v = string(key);
            if (v.equalsIgnoreCase("off")) {
                return 0;
            }
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + "=" + v + " is neither off nor a number");
            }
            if (d != 0 && !(d >= 1 && d <= 1e9)) {
                throw new IllegalArgumentException(key + "=" + v + " must be off (or 0) or a number in [1, 1e9]");
            }
            return d;
        }

        boolean bool(String key) {
            String v = string(key).toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(key + "=" + v + " is not true or false");
            }
            return v.equals("true");
        }

        /** Comma-separated increasing levels in (0, 1); empty when the key is blank. */
        float[] quantiles(String key) {
            String v = props.getProperty(key, TrainKeys.defaultOf(key)).trim();
            if (v.isEmpty()) {
                return new float[0];
            }
            String[] parts = v.split(",");
            float[] q = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    q[i] = Float.parseFloat(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + "=" + v + ": '" + parts[i].trim() + "' is not a number");
                }
                if (!(q[i] > 0f && q[i] < 1f) || (i > 0 && q[i] <= q[i - 1])) {
                    throw new IllegalArgumentException(key + "=" + v + ": levels must be increasing, each strictly between 0 and 1");
                }
            }
            return q;
        }

        <E extends Enum<E>> E choice(String key, Class<E> type) {
            String v = string(key);
            String wanted = v.toUpperCase(Locale.ROOT).replace('-', '_');
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(wanted)) {
                    return e;
                }
                names.add(name(e));
            }
            throw new IllegalArgumentException(key + "=" + v + " is not one of " + names);
        }

        void rejectUnknownKeys() {
            List<String> known = new ArrayList<>(TrainKeys.all());
            known.addAll(DataKeys.all());
            for (String key : props.stringPropertyNames()) {
                boolean unknownTrainKey = key.startsWith("train.") && !TrainKeys.all().contains(key);
                boolean unknownSection = !org.sparkcast.data.ConfigSections.known(key);
                if (unknownTrainKey || unknownSection) {
                    throw new IllegalArgumentException("unknown configuration key '" + key + "'" + NearestName.hint(key, known));
                }
            }
        }
    }
}
