package org.sparkcast.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole state of a training run between two rounds — what a checkpoint stores and a resumed run
 * continues from: where the run is (epoch, next window of the epoch, rounds done), the model, the
 * state the lanes carry between rounds of an epoch, the running sums of the epoch, the best model so
 * far, the best epochs kept for averaging and the history. The driver loop only ever changes the run through this object.
 */
public final class TrainingProgress {
    /** The epoch in progress (1-based). */
    int epoch = 1;
    /** First window index of the next round within the epoch. */
    long nextWindow;
    /** Rounds completed, over the whole run. */
    long rounds;
    ModelState model;
    /** Per partition, the state its lanes carry into the next round; null at the start of an epoch. */
    float[][] carriedH;
    float[][] carriedC;
    double epochWeightedLoss;
    long epochValidSteps;
    long epochWindows;
    ModelState best;
    double bestValidationLoss = Double.POSITIVE_INFINITY;
    int bestEpoch;
    int epochsSinceBest;
    /** The best epochs whose mean is the written model ({@code train.average-epochs}); keeps none with K = 1. */
    BestEpochs bestEpochs = new BestEpochs(1);
    /** The validation loss of the mean of the best epochs, measured once the run ends (NaN: not measured; not checkpointed). */
    double writtenValidationLoss = Double.NaN;
    final List<EpochRecord> history = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    boolean finished;
    /**
     * The last epoch whose training is done but whose validation loss is not known yet: it is validated in the
     * job of the next epoch's first round (null when none waits).
     */
    EpochRecord awaitingValidation;
    /** What the run trains on (effective data config, partitioning), compared on resume; "" when not described. */
    String dataDescription = "";
    /** The settings a checkpoint was written with (set when read back; null for a live run). */
    TrainingSettings settings;

    TrainingProgress(ModelState initial) {
        this.model = initial;
    }

    public int epoch() { return epoch; }
    public long rounds() { return rounds; }
    public ModelState model() { return model; }
    /** The model with the best validation loss so far (the best training loss when there is no validation data). */
    public ModelState best() { return best == null ? model : best; }
    public double bestValidationLoss() { return bestValidationLoss; }
    public int bestEpoch() { return bestEpoch; }
    /**
     * The parameters a finished run writes: the mean of its K best epochs' ({@link BestEpochs}, {@code train.average-epochs}),
     * or the best model's with K = 1 (or before any epoch was kept).
     */
    public float[] writtenParams() {
        float[] mean = bestEpochs.mean();
        return mean != null ? mean : best().params();
    }
    /** The epochs {@link #writtenParams()} averages, ascending; empty when it is the best model alone. */
    public List<Integer> averagedEpochs() { return bestEpochs.epochs(); }
    /** The validation loss of {@link #writtenParams()} when it is a mean of epochs, measured when the run ended; else NaN. */
    public double writtenValidationLoss() { return writtenValidationLoss; }
    public List<EpochRecord> history() { return history; }
    /** Non-finite results reported by partitions (never averaged in). */
    public List<String> failures() { return failures; }
    public boolean finished() { return finished; }
    /** The settings stored in the checkpoint this progress was read from, or null. */
    public TrainingSettings checkpointSettings() { return settings; }
}
