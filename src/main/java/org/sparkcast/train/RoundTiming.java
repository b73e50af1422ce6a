package org.sparkcast.train;

/**
 * Where one sync round's wall time went, as the driver saw it: creating the broadcast; the slowest
 * partition's time inside its task (setup + training its windows); the rest of the round — job scheduling,
 * task launch and deserialisation, result transfer, averaging, destroying the broadcast — which is Spark's
 * fixed cost per round; and the round's checkpoint as far as the driver waited for it (0 without a checkpoint sink; with
 * {@link BackgroundCheckpoints}, taking the snapshot and waiting for the previous round's write). Driver-side only
 * (a record, never shipped).
 */
public record RoundTiming(long broadcastNanos, long computeNanos, long restNanos, long checkpointNanos, long windows) {
    public long totalNanos() {
        return broadcastNanos + computeNanos + restNanos + checkpointNanos;
    }

    /** This timing with the checkpoint's time filled in. */
    RoundTiming withCheckpoint(long nanos) {
        return new RoundTiming(broadcastNanos, computeNanos, restNanos, nanos, windows);
    }
}
