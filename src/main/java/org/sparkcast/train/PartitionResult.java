package org.sparkcast.train;

/**
 * What one partition sends back after a round: its trained model state, how much it trained (windows,
 * valid steps — the averaging weight is {@code windows}), the sum of its window losses weighted by valid
 * steps, the state its lanes carry out, whether its windows are exhausted (the epoch is over for it),
 * and — if a window produced a non-finite loss or gradient — a failure message naming the partition and
 * window (such a result is never averaged in). Plain final class for Kryo.
 */
public final class PartitionResult {
    int partition;
    int windows;
    long validSteps;
    double weightedLoss;
    ModelState model;
    float[] carriedH;
    float[] carriedC;
    boolean exhausted;
    String failure;
    long computeNanos;
    String kernel;
    /** With a failure: per lane, the segment order number (within the partition) of the failing window; -1 idle. */
    int[] failedSegments;
    /**
     * When the round also validated the model it started from ({@link TrainAndValidate}): {@code [partition, sum of
     * loss x valid steps, valid steps, nanoseconds]} over the partition's validation windows; else null.
     */
    double[] validation;

    /** For Kryo. */
    PartitionResult() {
    }

    public int partition() { return partition; }
    /** Windows trained this round: the averaging weight. */
    public int windows() { return windows; }
    public long validSteps() { return validSteps; }
    /** Sum over windows of loss x valid steps. */
    public double weightedLoss() { return weightedLoss; }
    public ModelState model() { return model; }
    public boolean exhausted() { return exhausted; }
    /** Null, or why this partition's result must not be averaged in. */
    public String failure() { return failure; }
    /** The GEMM kernel this partition's executor used (bit-identical results need the same kernel everywhere). */
    public String kernel() { return kernel; }
    /** Time this partition spent training in the round. */
    public long computeNanos() { return computeNanos; }
}
