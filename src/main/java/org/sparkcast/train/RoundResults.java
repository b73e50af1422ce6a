package org.sparkcast.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/**
 * The {@code treeAggregate} accumulator of a round: the partitions' results, kept apart and ordered by
 * partition. Spark merges partial aggregates in the order tasks finish, and float addition is not
 * associative, so summing inside the merge would make the average depend on timing; the sums happen
 * instead in {@link ParameterAverager}, in partition order, on the driver. Merging checks that no
 * partition arrives twice and that all models have the same size.
 */
public final class RoundResults implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Spark ships the (empty) zero value inside the task closure, with Java serialization; results travel with Kryo. */
    private final ArrayList<PartitionResult> results = new ArrayList<>();

    public List<PartitionResult> results() {
        return results;
    }

    /** seqOp: adds one partition's result. */
    public static final class Add implements Function2<RoundResults, PartitionResult, RoundResults> {
        private static final long serialVersionUID = 1L;

        @Override
        public RoundResults call(RoundResults acc, PartitionResult r) {
            insert(acc, r);
            return acc;
        }
    }

    /** combOp: merges two partial aggregates. */
    public static final class Merge implements Function2<RoundResults, RoundResults, RoundResults> {
        private static final long serialVersionUID = 1L;

        @Override
        public RoundResults call(RoundResults a, RoundResults b) {
            for (PartitionResult r : b.results) {
                insert(a, r);
            }
            return a;
        }
    }

    private static void insert(RoundResults acc, PartitionResult r) {
        int i = 0;
        while (i < acc.results.size() && acc.results.get(i).partition < r.partition) {
            i++;
        }
        if (i < acc.results.size() && acc.results.get(i).partition == r.partition) {
            throw new IllegalStateException("partition " + r.partition + " reported twice in one round");
        }
        if (!acc.results.isEmpty() && acc.results.get(0).model.params().length != r.model.params().length) {
            throw new IllegalStateException("partition " + r.partition + " returned " + r.model.params().length
                    + " parameters, others " + acc.results.get(0).model.params().length);
        }
        acc.results.add(i, r);
    }
}
