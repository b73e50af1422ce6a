package org.sparkcast.train;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.StateCarrier;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

/**
 * Executor side of validation: runs the model forward through a partition's windows in time order,
 * carrying state per lane (reset at new segments), and returns {@code [partition, sum of loss x valid
 * steps, valid steps, nanoseconds spent]}. No gradients, no updates. Run with {@code SparkContext.runJob}, like
 * {@link PartitionTrainer} (a named Scala function: no new RDD, nothing for the closure cleaner to inspect).
 */
public final class PartitionEvaluator extends AbstractFunction2<TaskContext, scala.collection.Iterator<WindowBlock>, double[]>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Indexes of {@link #evaluate}'s result. */
    static final int PARTITION = 0;
    static final int WEIGHTED_LOSS = 1;
    static final int VALID_STEPS = 2;
    static final int NANOS = 3;
    private final Broadcast<RoundInput> round;

    public PartitionEvaluator(Broadcast<RoundInput> round) {
        this.round = round;
    }

    @Override
    public double[] apply(TaskContext task, scala.collection.Iterator<WindowBlock> windows) {
        return evaluate(task.partitionId(), CollectionConverters.asJava(windows));
    }

    /** {@code [partition, sum of loss x valid steps, valid steps, nanoseconds spent]} over the partition's windows. */
    double[] evaluate(int partition, Iterator<WindowBlock> windows) {
        long start = System.nanoTime();
        RoundInput in = round.value();
        RecurrentNetwork net = new RecurrentNetwork(in.settings().network(), GemmKernels.defaultKernel());
        System.arraycopy(in.model().params(), 0, net.parameters(), 0, net.parameters().length);
        StateCarrier carry = null;
        double weighted = 0;
        long steps = 0;
        while (windows.hasNext()) {
            WindowBlock w = windows.next();
            if (carry == null) {
                carry = new StateCarrier(net.spec(), w.lanes);
            }
            for (int b = 0; b < w.lanes; b++) {
                if (w.reset[b]) {
                    carry.resetLane(b);
                }
            }
            carry.forward(net, w.x, 0, w.steps);
            int valid = w.validSteps();
            if (valid > 0) {
                float loss = in.settings().direct() == null ? net.loss(w.y, 0, w.mask, 0)
                        : net.loss(in.settings().direct(), w.labels, w.labelMask, 0);
                weighted += (double) loss * valid;
                steps += valid;
            }
        }
        return new double[] {partition, weighted, steps, System.nanoTime() - start};
    }
}
