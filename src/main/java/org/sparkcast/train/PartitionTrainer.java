package org.sparkcast.train;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.RecurrentState;
import org.sparkcast.engine.WindowTrainer;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction2;

/**
 * Executor side of a sync round: trains the local engine through this partition's windows of the round,
 * in time order, from the broadcast model; lanes carry their state from window to window (detached) and
 * are reset where a window marks a new segment ({@link PartitionPass}). Returns exactly one {@link PartitionResult}. Pure: the
 * result depends only on the broadcast and the partition's windows, so a retried task returns the same.
 *
 * <p>The driver runs it with {@code SparkContext.runJob} straight on the windows RDD, so a round builds no
 * new RDD and Spark's closure cleaner has no Scala lambda to inspect: it is a named Scala function class
 * (Spark's Java function interfaces are only reachable through RDD transformations, which add both).
 */
public final class PartitionTrainer extends AbstractFunction2<TaskContext, scala.collection.Iterator<WindowBlock>, PartitionResult>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<RoundInput> round;

    public PartitionTrainer(Broadcast<RoundInput> round) {
        this.round = round;
    }

    @Override
    public PartitionResult apply(TaskContext task, scala.collection.Iterator<WindowBlock> windows) {
        return train(task.partitionId(), CollectionConverters.asJava(windows));
    }

    /** Trains partition {@code partition} through its windows of this round. */
    PartitionResult train(int partition, Iterator<WindowBlock> windows) {
        long start = System.nanoTime();
        RoundInput in = round.value();
        TrainingSettings settings = in.settings();
        PartitionResult result = new PartitionResult();
        result.partition = partition;
        // training needs no gradient w.r.t. the input windows: skip that GEMM
        RecurrentNetwork net = new RecurrentNetwork(settings.network(), GemmKernels.defaultKernel(),
                RecurrentNetwork.InputGradient.SKIP);
        result.kernel = net.gemm().name();
        Optimizer optimizer = settings.newOptimizer(net.parameters().length);
        in.model().restoreInto(net, optimizer);
        PartitionPass pass = null;
        long last = in.maxWindows() == 0 ? Long.MAX_VALUE : in.firstWindow() + in.maxWindows();
        result.exhausted = true;
        while (windows.hasNext()) {
            WindowBlock w = windows.next();
            if (w.index < in.firstWindow()) {
                continue;
            }
            if (w.index >= last) {
                result.exhausted = false;
                break;
            }
            if (pass == null) {
                pass = new PartitionPass(net, w.lanes, settings, optimizer);
                restoreCarry(pass.trainer().bptt().state(), in, partition);
            }
            checkShape(w, pass.trainer(), partition);
            int valid = pass.train(w);
            if (valid == 0) {
                continue; // skipped: nothing to learn from
            }
            float loss = pass.lastLoss();
            String problem = !Float.isFinite(loss) ? "loss (" + loss + ")"
                    : !pass.trainer().lastUpdateApplied() ? "gradient" : firstNonFinite(net.parameters());
            if (problem != null) {
                result.failure = "partition " + partition + ", window " + w.index + ": non-finite " + problem
                        + "; lanes' segments " + java.util.Arrays.toString(w.segment);
                result.failedSegments = w.segment.clone();
                result.exhausted = false;
                break;
            }
            result.windows++;
            result.validSteps += valid;
            result.weightedLoss += (double) loss * valid;
        }
        result.model = ModelState.capture(net, optimizer);
        if (pass != null) {
            RecurrentState state = pass.trainer().bptt().state();
            result.carriedH = state.h().clone();
            result.carriedC = state.c() == null ? null : state.c().clone();
        }
        result.computeNanos = System.nanoTime() - start;
        return result;
    }

    /** Null when every parameter is finite, else which one is not. */
    private static String firstNonFinite(float[] params) {
        for (int i = 0; i < params.length; i++) {
            if (!Float.isFinite(params[i])) {
                return "parameter [" + i + "] = " + params[i] + " after the update";
            }
        }
        return null;
    }

    private static void restoreCarry(RecurrentState state, RoundInput in, int partition) {
        float[] h = in.carriedH(partition);
        if (h == null) {
            return;
        }
        if (h.length != state.h().length) {
            throw new IllegalStateException("partition " + partition + ": carried state of " + h.length
                    + " values, the lanes need " + state.h().length + " (did the window layout change between rounds?)");
        }
        System.arraycopy(h, 0, state.h(), 0, h.length);
        float[] c = in.carriedC(partition);
        if (c != null && state.c() != null) {
            System.arraycopy(c, 0, state.c(), 0, c.length);
        }
    }

    private void checkShape(WindowBlock w, WindowTrainer trainer, int partition) {
        int lanes = trainer.bptt().state().batch();
        int in = trainer.network().spec().inputSize();
        int out = trainer.network().spec().outputSize();
        HorizonLoss direct = round.value().settings().direct();
        boolean labels = direct == null || (w.horizon == direct.horizon() && w.labels != null);
        if (direct != null) {
            out = direct.targets();
        }
        if (!labels) {
            throw new IllegalArgumentException("partition " + partition + ", window " + w.index + ": the direct objective "
                    + direct + " needs windows with " + direct.horizon() + "-step labels, these have " + w.horizon);
        }
        if (w.lanes != lanes || w.features != in || w.targets != out) {
            throw new IllegalArgumentException("partition " + partition + ", window " + w.index + ": [lanes x features x targets] = ["
                    + w.lanes + " x " + w.features + " x " + w.targets + "], the network expects [" + lanes + " x " + in + " x " + out + "]");
        }
    }
}
