package org.sparkcast.train;

/**
 * Where one sync round's wall time went, as the driver saw it (the INFO line of the round): creating the
 * broadcast; the slowest partition's time inside its task (setup + training its windows); and the rest of
 * the round — job scheduling, task launch and deserialisation, result transfer, averaging, destroying the
 * broadcast — which is Spark's fixed cost per round. Driver-side only (a record, never shipped).
 */
public record RoundTiming(long broadcastNanos, long computeNanos, long restNanos, long windows) {
    public long totalNanos() {
        return broadcastNanos + computeNanos + restNanos;
    }
}
