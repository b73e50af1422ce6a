package org.sparkcast.train;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.RecurrentState;

/**
 * Executor side of validation: runs the model forward through a partition's windows in time order,
 * carrying state per lane (reset at new segments), and returns {@code [partition, sum of loss x valid
 * steps, valid steps]}. No gradients, no updates.
 */
public final class PartitionEvaluator implements Function2<Integer, Iterator<WindowBlock>, Iterator<double[]>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<RoundInput> round;

    public PartitionEvaluator(Broadcast<RoundInput> round) {
        this.round = round;
    }

    @Override
    public Iterator<double[]> call(Integer partition, Iterator<WindowBlock> windows) {
        RoundInput in = round.value();
        RecurrentNetwork net = new RecurrentNetwork(in.settings().network(), GemmKernels.defaultKernel());
        System.arraycopy(in.model().params(), 0, net.parameters(), 0, net.parameters().length);
        RecurrentState state = null;
        RecurrentState next = null;
        double weighted = 0;
        long steps = 0;
        while (windows.hasNext()) {
            WindowBlock w = windows.next();
            if (state == null) {
                state = new RecurrentState(net.spec(), w.lanes);
                next = new RecurrentState(net.spec(), w.lanes);
            }
            for (int b = 0; b < w.lanes; b++) {
                if (w.reset[b]) {
                    state.zeroLane(b);
                }
            }
            net.forward(w.x, 0, w.steps, w.lanes, state, next);
            int valid = w.validSteps();
            if (valid > 0) {
                weighted += (double) net.loss(w.y, 0, w.mask, 0) * valid;
                steps += valid;
            }
            RecurrentState t = state;
            state = next;
            next = t;
        }
        return Collections.singletonList(new double[] {partition, weighted, steps}).iterator();
    }
}
