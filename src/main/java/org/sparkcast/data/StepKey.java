package org.sparkcast.data;

import java.io.Serializable;
import java.util.Comparator;

/**
 * The shuffle key of one step on its way to a window: the partition that owns its segment, the
 * segment's order within that partition, and the step's time. Sorting by it lays out each partition's
 * segments one after another, each in time order.
 */
public final class StepKey {
    public int partition;
    public int order;
    public long time;

    /** For Kryo. */
    public StepKey() {
    }

    StepKey(int partition, int order, long time) {
        this.partition = partition;
        this.order = order;
        this.time = time;
    }

    /** Orders by partition, segment order, time. */
    public static final class Ordering implements Comparator<StepKey>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(StepKey a, StepKey b) {
            int c = Integer.compare(a.partition, b.partition);
            if (c == 0) {
                c = Integer.compare(a.order, b.order);
            }
            return c != 0 ? c : Long.compare(a.time, b.time);
        }
    }

    /** Sends a key to the partition its plan chose. */
    public static final class ByPlan extends org.apache.spark.Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        public ByPlan(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return ((StepKey) key).partition;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByPlan p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
