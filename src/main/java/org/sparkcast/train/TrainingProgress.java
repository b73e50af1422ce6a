package org.sparkcast.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole state of a training run between two rounds — what a checkpoint stores and a resumed run
 * continues from: where the run is (epoch, next window of the epoch, rounds done), the model, the
 * state the lanes carry between rounds of an epoch, the running sums of the epoch, the best model so
 * far and the history. The driver loop only ever changes the run through this object.
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
    public List<EpochRecord> history() { return history; }
    /** Non-finite results reported by partitions (never averaged in). */
    public List<String> failures() { return failures; }
    public boolean finished() { return finished; }
    /** The settings stored in the checkpoint this progress was read from, or null. */
    public TrainingSettings checkpointSettings() { return settings; }
}
