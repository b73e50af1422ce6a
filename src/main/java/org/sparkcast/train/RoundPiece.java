package org.sparkcast.train;

/**
 * What one partition sends one reducer in a sharded round ({@link ShardedRound}): shard {@code shard} of its model
 * (the parameters' slice, then the same slice of each optimizer state array) with its averaging weight, or, for the
 * last reducer, its {@link PartitionResult} without the model. Plain final class for Kryo.
 */
public final class RoundPiece {
    int partition;
    /** Which shard; {@code -1} for the result. */
    int shard;
    /** The averaging weight: windows trained, 0 when the partition failed (left out of the average). */
    int windows;
    /** {@code [1 + optimizer state arrays][shard length]}: the parameters' slice, then each state array's slice. */
    float[][] values;
    /** For {@code shard == -1}: the partition's result, model removed. */
    PartitionResult result;

    /** For Kryo. */
    RoundPiece() {
    }
}
