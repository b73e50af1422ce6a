package org.sparkcast.train;

import java.util.Objects;
import org.sparkcast.engine.AdamOptimizer;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.SgdOptimizer;

/**
 * Everything that decides how a model trains: network shape, objective (one step ahead, or the direct
 * multi-horizon {@link HorizonLoss}), optimizer, clipping, seed, averaging schedule, epochs and early stopping. Immutable and validated; a plain final class so Kryo ships it
 * inside each round's broadcast.
 */
public final class TrainingSettings {
    private final NetworkSpec network;
    private final Optimizer.Kind optimizer;
    private final LearningRateSchedule schedule;
    private final float momentum;
    private final float weightDecay;
    private final GradientClipper.Mode clipMode;
    private final float clipNorm;
    private final long seed;
    private final SyncMode sync;
    private final int syncWindows;
    private final int epochs;
    private final int patience;
    /** The direct objective, or null for one step ahead (MSE of the next step's targets). */
    private final HorizonLoss direct;

    /** Settings of the one-step objective. */
    public TrainingSettings(NetworkSpec network, Optimizer.Kind optimizer, LearningRateSchedule schedule, float momentum,
                            float weightDecay, GradientClipper.Mode clipMode, float clipNorm, long seed,
                            SyncMode sync, int syncWindows, int epochs, int patience) {
        this(network, optimizer, schedule, momentum, weightDecay, clipMode, clipNorm, seed, sync, syncWindows, epochs, patience, null);
    }

    /** {@code direct}: the direct multi-horizon objective (the network's outputs must be its {@code outputs()}), or null for one step. */
    public TrainingSettings(NetworkSpec network, Optimizer.Kind optimizer, LearningRateSchedule schedule, float momentum,
                            float weightDecay, GradientClipper.Mode clipMode, float clipNorm, long seed,
                            SyncMode sync, int syncWindows, int epochs, int patience, HorizonLoss direct) {
        this.network = Objects.requireNonNull(network, "network");
        if (direct != null && direct.outputs() != network.outputSize()) {
            throw new IllegalArgumentException(direct + " needs " + direct.outputs() + " network outputs, got " + network);
        }
        this.direct = direct;
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.clipMode = Objects.requireNonNull(clipMode, "clipMode");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (momentum < 0f || momentum >= 1f || weightDecay < 0f) {
            throw new IllegalArgumentException("need momentum in [0, 1), weight decay >= 0; got " + momentum + ", " + weightDecay);
        }
        if (clipMode == GradientClipper.Mode.GLOBAL_NORM && !(clipNorm > 0f)) {
            throw new IllegalArgumentException("clip norm must be > 0 with global-norm clipping, got " + clipNorm);
        }
        if (sync == SyncMode.WINDOWS && syncWindows < 1) {
            throw new IllegalArgumentException("sync every N windows needs N >= 1, got " + syncWindows);
        }
        if (epochs < 1 || patience < 0) {
            throw new IllegalArgumentException("need epochs >= 1 and patience >= 0, got " + epochs + ", " + patience);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        this.seed = seed;
        this.syncWindows = sync == SyncMode.WINDOWS ? syncWindows : 0;
        this.epochs = epochs;
        this.patience = patience;
    }

    public NetworkSpec network() { return network; }
    /** The direct multi-horizon objective, or null when the network is trained one step ahead. */
    public HorizonLoss direct() { return direct; }
    public Optimizer.Kind optimizer() { return optimizer; }
    /** The base learning rate (the schedule's rate after warm-up, before decay). */
    public float learningRate() { return schedule.base(); }
    /** The learning rate per update, evaluated at the optimizer's global step count. */
    public LearningRateSchedule schedule() { return schedule; }
    public float momentum() { return momentum; }
    public float weightDecay() { return weightDecay; }
    public GradientClipper.Mode clipMode() { return clipMode; }
    public float clipNorm() { return clipNorm; }
    public long seed() { return seed; }
    public SyncMode sync() { return sync; }
    /** N for {@link SyncMode#WINDOWS}; 0 for {@link SyncMode#EPOCH}. */
    public int syncWindows() { return syncWindows; }
    public int epochs() { return epochs; }
    /** Epochs without a better validation loss before training stops; 0 disables early stopping. */
    public int patience() { return patience; }

    /** These settings with the direct objective {@code objective} (null: one step ahead). */
    public TrainingSettings withDirect(HorizonLoss objective) {
        return new TrainingSettings(network, optimizer, schedule, momentum, weightDecay, clipMode, clipNorm, seed, sync, syncWindows,
                epochs, patience, objective);
    }

    /** A fresh optimizer of this kind for {@code size} parameters (state zero, step 0). */
    public Optimizer newOptimizer(int size) {
        return switch (optimizer) {
            case SGD -> new SgdOptimizer(size, schedule.base(), momentum, weightDecay);
            case ADAM, ADAMW -> new AdamOptimizer(optimizer, size, schedule.base(), weightDecay);
        };
    }

    public GradientClipper newClipper() {
        return new GradientClipper(clipMode, clipNorm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingSettings s && network.equals(s.network) && optimizer == s.optimizer
                && schedule.equals(s.schedule) && momentum == s.momentum && weightDecay == s.weightDecay
                && clipMode == s.clipMode && clipNorm == s.clipNorm && seed == s.seed && sync == s.sync
                && syncWindows == s.syncWindows && epochs == s.epochs && patience == s.patience
                && Objects.equals(direct, s.direct);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, optimizer, schedule, momentum, weightDecay, clipMode, clipNorm, seed, sync,
                syncWindows, epochs, patience, direct);
    }
}
