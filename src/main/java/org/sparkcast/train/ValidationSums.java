package org.sparkcast.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkcast.data.WindowBlock;

/** A validation job's per-partition sums ({@link PartitionEvaluator}), and what a run reads from them. */
final class ValidationSums {
    private ValidationSums() {
    }

    /** Each partition's {@link PartitionEvaluator} sums for {@code model}, in partition order (one job). */
    static double[][] of(JavaSparkContext jsc, TrainingSettings settings, ModelState model, JavaRDD<WindowBlock> validation) {
        Broadcast<RoundInput> round = jsc.broadcast(new RoundInput(model, settings, 0, 0, null, null));
        double[][] sums = (double[][]) jsc.sc().runJob(validation.rdd(), new PartitionEvaluator(round),
                scala.reflect.ClassTag$.MODULE$.apply(double[].class)); // in partition order
        round.destroy();
        return sums;
    }

    /** The mean loss per valid step over the partitions' sums, added in partition order (NaN without a valid step). */
    static double meanLoss(double[][] sums) {
        double weighted = 0;
        double steps = 0;
        for (double[] part : sums) {
            weighted += part[PartitionEvaluator.WEIGHTED_LOSS];
            steps += part[PartitionEvaluator.VALID_STEPS];
        }
        return steps == 0 ? Double.NaN : weighted / steps;
    }

    /** The slowest partition's validation time in the sums, in milliseconds. */
    static double slowestMs(double[][] sums) {
        return java.util.Arrays.stream(sums).mapToDouble(part -> part[PartitionEvaluator.NANOS]).max().orElse(0) / 1e6;
    }
}
