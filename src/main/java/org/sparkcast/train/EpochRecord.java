package org.sparkcast.train;

/** One epoch of a run: the mean training loss over its windows, and the validation loss (NaN without validation data). */
public final class EpochRecord {
    private final int epoch;
    private final double trainLoss;
    private final double validationLoss;
    private final long windows;

    public EpochRecord(int epoch, double trainLoss, double validationLoss, long windows) {
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.validationLoss = validationLoss;
        this.windows = windows;
    }

    public int epoch() { return epoch; }
    public double trainLoss() { return trainLoss; }
    public double validationLoss() { return validationLoss; }
    public long windows() { return windows; }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "epoch %d: train %.6f, validation %.6f, %d windows", epoch, trainLoss, validationLoss, windows);
    }
}
