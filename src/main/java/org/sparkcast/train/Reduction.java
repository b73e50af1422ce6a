package org.sparkcast.train;

/**
 * Where a round's partition models are summed ({@code train.reduction}). Both give the same model bit for bit: each
 * parameter is summed over partitions in partition order, in double precision, then divided once.
 */
public enum Reduction {
    /** Every partition sends its whole model and optimizer state to the driver, which sums them: driver bytes per round grow with partitions x parameters. */
    DRIVER,
    /**
     * Every partition cuts its model into shards; shard j of every partition goes (through a shuffle) to reducer j,
     * which sums it in partition order; the driver gathers only the averaged shards ({@link ShardedRound}). Driver
     * bytes per round: the parameters once, plus each partition's small result (losses, carried state).
     */
    SHARDED,
    /** {@link #SHARDED} from {@value #AUTO_PARTITIONS} partitions on, else {@link #DRIVER} (whose round has no shuffle). */
    AUTO;

    static final int AUTO_PARTITIONS = 16;

    /** Whether a round over {@code partitions} partitions is reduced in shards. */
    boolean sharded(int partitions) {
        return this == SHARDED || (this == AUTO && partitions >= AUTO_PARTITIONS);
    }
}
