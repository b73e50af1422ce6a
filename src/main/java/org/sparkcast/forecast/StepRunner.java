package org.sparkcast.forecast;

import org.sparkcast.data.FeatureLayout;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.RecurrentState;
import org.sparkcast.engine.StateCarrier;

/**
 * Runs a trained network over one series, one lane: teacher-forced through observed history (inputs
 * buffered and run in chunks, since one forward over many steps is much cheaper than many one-step
 * forwards), and rolled out from a saved state by feeding its own predictions back as targets.
 * Not thread-safe; one per task.
 */
final class StepRunner {
    private static final int CHUNK = 256;

    private final RecurrentNetwork net;
    private final FeatureLayout layout;
    private final int width;
    private final int outputs;
    private final float[] chunk;
    private final float[] last;
    private final float[] pair;
    private final float[] x;
    private final StateCarrier warm;
    private final StateCarrier roll;
    private int buffered;
    private long fed;

    StepRunner(ForecastModel model) {
        this.net = new RecurrentNetwork(model.network(), GemmKernels.defaultKernel(), RecurrentNetwork.InputGradient.SKIP);
        System.arraycopy(model.params(), 0, net.parameters(), 0, model.params().length);
        this.layout = model.layout();
        this.width = layout.width();
        this.outputs = model.network().outputSize();
        this.chunk = new float[CHUNK * width];
        this.last = new float[outputs];
        this.pair = new float[2 * width];
        this.x = new float[width];
        this.warm = new StateCarrier(model.network(), 1);
        this.roll = new StateCarrier(model.network(), 1);
    }

    /** Starts a new segment: zero state, nothing fed. */
    void reset() {
        buffered = 0;
        fed = 0;
        warm.reset();
    }

    /** Inputs fed since the last reset. */
    long fed() {
        return fed;
    }

    /** Feeds the input of one step: x(t) from the stored rows of t ({@code src[now..]}) and t+1 ({@code src[ahead..]}). */
    void feed(float[] src, int now, int ahead) {
        layout.compose(src, now, ahead, chunk, buffered * width);
        buffered++;
        fed++;
        if (buffered == CHUNK) {
            flush();
        }
    }

    private void flush() {
        if (buffered == 0) {
            return;
        }
        warm.forward(net, chunk, 0, buffered);
        System.arraycopy(net.prediction(), (buffered - 1) * outputs, last, 0, outputs);
        buffered = 0;
    }

    /** The prediction (scaled targets of the next step) after the last fed input. */
    float[] prediction() {
        flush();
        return last.clone();
    }

    /** A copy of the state after the last fed input. */
    RecurrentState snapshot() {
        flush();
        RecurrentState copy = new RecurrentState(net.spec(), 1);
        copy.copyFrom(warm.current());
        return copy;
    }

    /**
     * Rolls out {@code steps} predictions from an origin t0: {@code from} is the state after x(t0) was fed,
     * {@code first} its prediction of t0+1, {@code origin} the stored row of t0 (its past covariates and
     * categories are held), {@code future[j]} a row whose known-future block is that of t0+1+j. Returns
     * the scaled predictions of t0+1 .. t0+steps, {@code [steps][outputs]}.
     */
    float[][] rollout(RecurrentState from, float[] first, float[] origin, float[][] future, int steps) {
        float[][] out = new float[steps][];
        out[0] = first.clone();
        roll.restore(from);
        System.arraycopy(origin, 0, pair, 0, width);
        for (int h = 1; h < steps; h++) {
            System.arraycopy(out[h - 1], 0, pair, 0, outputs);       // the prediction stands in for the target
            System.arraycopy(future[h], 0, pair, width, width);
            layout.compose(pair, 0, width, x, 0);
            roll.forward(net, x, 0, 1);
            out[h] = java.util.Arrays.copyOf(net.prediction(), outputs);
        }
        return out;
    }
}
