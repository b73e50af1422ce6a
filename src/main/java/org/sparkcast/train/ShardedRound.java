package org.sparkcast.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * A sync round whose average is computed without the driver receiving every partition's model
 * ({@link Reduction#SHARDED}). Each partition trains as in a driver-reduced round, then cuts its model into
 * {@code J} shards of consecutive parameters (the same slice of every optimizer state array goes with them) and
 * sends shard j to reducer j; its result without the model goes to a last reducer. Each reducer receives its
 * pieces sorted by partition ({@code repartitionAndSortWithinPartitions} on the key {@code shard x P + partition})
 * and sums {@code windows x value} in double precision in partition order, then divides by the total once: per
 * parameter exactly the arithmetic of {@link ParameterAverager}, so the model is bit-identical to a driver-reduced
 * round's. The driver collects the {@code J} averaged shards and the results: bytes per round O(parameters +
 * partitions x carried state), not O(partitions x parameters).
 *
 * <p>A round is one job of two stages: the training stage writes the pieces as shuffle files on the executors,
 * and the reduce stage reads them. The shuffle costs a little time per round, so {@link Reduction#AUTO} uses it
 * only from {@value Reduction#AUTO_PARTITIONS} partitions on. Retried tasks are deterministic as before.
 */
final class ShardedRound {
    /** Shards are about this many bytes (parameters and state together), so one reducer's sums stay small. */
    static final long SHARD_BYTES = 4L << 20;

    private ShardedRound() {
    }

    /** The round's results in partition order (models removed) and the averaged model. */
    record Outcome(List<PartitionResult> results, ModelState averaged) {
    }

    /** How many shards a model of {@code params} parameters and {@code slots} state arrays is cut into, over {@code partitions}. */
    static int shards(int params, int slots, int partitions) {
        long bytes = (long) params * (1 + slots) * Float.BYTES;
        return (int) Math.max(1, Math.min(Math.max(1, partitions), (bytes + SHARD_BYTES - 1) / SHARD_BYTES));
    }

    /** Trains every partition of {@code input} with {@code train} (one result each) and averages in shards. */
    static <T> Outcome run(JavaRDD<T> input, Function2<Integer, Iterator<T>, Iterator<PartitionResult>> train, ModelState previous) {
        return run(input, train, previous, shards(previous.params().length, previous.optimizerState().length, input.getNumPartitions()));
    }

    /** The same with the model cut into {@code shards} shards. */
    static <T> Outcome run(JavaRDD<T> input, Function2<Integer, Iterator<T>, Iterator<PartitionResult>> train, ModelState previous,
                           int shards) {
        int partitions = input.getNumPartitions();
        int params = previous.params().length;
        int slots = previous.optimizerState().length;
        List<ReducedShard> reduced = input.mapPartitionsWithIndex(train, true)
                .flatMapToPair(new Cut(shards, partitions, params))
                .repartitionAndSortWithinPartitions(new ShardPartitioner(shards + 1, partitions))
                .mapPartitionsWithIndex(new Reduce(shards, params, slots), true)
                .collect();
        return assemble(reduced, shards, partitions, previous);
    }

    /** The averaged model from the shards, the results from the last reducer. */
    static Outcome assemble(List<ReducedShard> reduced, int shards, int partitions, ModelState previous) {
        List<ReducedShard> sorted = new ArrayList<>(reduced);
        sorted.sort(Comparator.comparingInt(s -> s.shard));
        if (sorted.size() != shards + 1) {
            throw new IllegalStateException(sorted.size() + " reduced shards, expected " + (shards + 1));
        }
        List<PartitionResult> results = sorted.get(shards).results;
        if (results == null || results.size() != partitions) {
            throw new IllegalStateException((results == null ? 0 : results.size()) + " partition results, expected " + partitions);
        }
        int maxWindows = 0;
        for (int i = 0; i < partitions; i++) {
            PartitionResult r = results.get(i);
            if (r.partition != i) {
                throw new IllegalStateException("result " + i + " is partition " + r.partition);
            }
            if (r.failure == null) {
                maxWindows = Math.max(maxWindows, r.windows);
            }
        }
        if (sorted.get(0).averaged == null) {
            return new Outcome(results, previous); // no partition trained a window
        }
        int params = previous.params().length;
        float[][] whole = new float[1 + previous.optimizerState().length][params];
        for (int j = 0; j < shards; j++) {
            int from = start(j, shards, params);
            for (int s = 0; s < whole.length; s++) {
                System.arraycopy(sorted.get(j).averaged[s], 0, whole[s], from, start(j + 1, shards, params) - from);
            }
        }
        return new Outcome(results, new ModelState(whole[0], Arrays.copyOfRange(whole, 1, whole.length), previous.step() + maxWindows));
    }

    /** First parameter of shard {@code j} of {@code shards} over {@code params} parameters. */
    static int start(int j, int shards, int params) {
        return (int) ((long) j * params / shards);
    }

    /**
     * A round's function as {@code runJob} takes it (the driver-reduced round's {@link PartitionTrainer} or
     * {@link TrainAndValidate}), run through {@code mapPartitionsWithIndex}: one result per partition.
     */
    static final class EachPartition<T> implements Function2<Integer, Iterator<T>, Iterator<PartitionResult>> {
        private static final long serialVersionUID = 1L;
        private final scala.Function2<TaskContext, scala.collection.Iterator<T>, PartitionResult> round;

        EachPartition(scala.Function2<TaskContext, scala.collection.Iterator<T>, PartitionResult> round) {
            this.round = round;
        }

        @Override
        public Iterator<PartitionResult> call(Integer partition, Iterator<T> items) {
            return List.of(round.apply(TaskContext.get(), scala.jdk.javaapi.CollectionConverters.asScala(items))).iterator();
        }
    }

    /** Cuts a partition's result into its shards and its model-free result, keyed {@code shard x P + partition}. */
    static final class Cut implements PairFlatMapFunction<PartitionResult, Long, RoundPiece> {
        private static final long serialVersionUID = 1L;
        private final int shards;
        private final int partitions;
        private final int params;

        Cut(int shards, int partitions, int params) {
            this.shards = shards;
            this.partitions = partitions;
            this.params = params;
        }

        @Override
        public Iterator<Tuple2<Long, RoundPiece>> call(PartitionResult r) {
            List<Tuple2<Long, RoundPiece>> out = new ArrayList<>(shards + 1);
            int weight = r.failure == null ? r.windows : 0;
            for (int j = 0; j < shards; j++) {
                RoundPiece piece = new RoundPiece();
                piece.partition = r.partition;
                piece.shard = j;
                piece.windows = weight;
                if (weight > 0) { // a piece without weight adds nothing: send no values
                    int from = start(j, shards, params);
                    int to = start(j + 1, shards, params);
                    float[][] state = r.model.optimizerState();
                    piece.values = new float[1 + state.length][];
                    piece.values[0] = Arrays.copyOfRange(r.model.params(), from, to);
                    for (int s = 0; s < state.length; s++) {
                        piece.values[1 + s] = Arrays.copyOfRange(state[s], from, to);
                    }
                }
                out.add(new Tuple2<>((long) j * partitions + r.partition, piece));
            }
            RoundPiece rest = new RoundPiece();
            rest.partition = r.partition;
            rest.shard = -1;
            r.model = null;
            rest.result = r;
            out.add(new Tuple2<>((long) shards * partitions + r.partition, rest));
            return out.iterator();
        }
    }

    /** Sends key {@code shard x P + partition} to reducer {@code shard}. */
    static final class ShardPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int reducers;
        private final int partitions;

        ShardPartitioner(int reducers, int partitions) {
            this.reducers = reducers;
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return reducers;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((Long) key / partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShardPartitioner p && p.reducers == reducers && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return reducers * 31 + partitions;
        }
    }

    /**
     * Reducer j: sums its shard over the partitions in partition order (the pieces arrive sorted by key) and divides
     * by the total weight; the last reducer gathers the results.
     */
    static final class Reduce implements Function2<Integer, Iterator<Tuple2<Long, RoundPiece>>, Iterator<ReducedShard>> {
        private static final long serialVersionUID = 1L;
        private final int shards;
        private final int params;
        private final int slots;

        Reduce(int shards, int params, int slots) {
            this.shards = shards;
            this.params = params;
            this.slots = slots;
        }

        @Override
        public Iterator<ReducedShard> call(Integer reducer, Iterator<Tuple2<Long, RoundPiece>> pieces) {
            ReducedShard out = new ReducedShard();
            out.shard = reducer;
            if (reducer == shards) {
                out.results = new ArrayList<>();
                while (pieces.hasNext()) {
                    out.results.add(pieces.next()._2().result);
                }
                return List.of(out).iterator();
            }
            int length = start(reducer + 1, shards, params) - start(reducer, shards, params);
            double[][] sums = new double[1 + slots][length];
            while (pieces.hasNext()) {
                RoundPiece p = pieces.next()._2();
                if (p.windows == 0) {
                    continue;
                }
                out.total += p.windows;
                double w = p.windows;
                for (int s = 0; s <= slots; s++) {
                    float[] v = p.values[s];
                    double[] sum = sums[s];
                    for (int i = 0; i < length; i++) {
                        sum[i] += w * v[i];
                    }
                }
            }
            if (out.total > 0) {
                out.averaged = new float[1 + slots][length];
                for (int s = 0; s <= slots; s++) {
                    for (int i = 0; i < length; i++) {
                        out.averaged[s][i] = (float) (sums[s][i] / out.total);
                    }
                }
            }
            return List.of(out).iterator();
        }
    }
}
