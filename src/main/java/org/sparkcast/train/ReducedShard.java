package org.sparkcast.train;

import java.util.ArrayList;

/**
 * What a reducer of a sharded round returns to the driver: shard {@code shard} of the averaged model (null when no
 * partition trained a window) and the weight it was averaged with, or, from the last reducer, every partition's
 * result without its model, in partition order. Plain final class for Kryo.
 */
public final class ReducedShard {
    int shard;
    float[][] averaged;
    long total;
    ArrayList<PartitionResult> results;

    /** For Kryo. */
    ReducedShard() {
    }
}
