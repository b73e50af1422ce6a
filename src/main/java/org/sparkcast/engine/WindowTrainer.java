package org.sparkcast.engine;

/**
 * The local training step an executor runs over its windows, in time order:
 * zero gradients, forward + loss + backward from the carried state (see {@link TruncatedBptt}),
 * clip, optimizer step. The state carried between windows is detached; reset a lane when it
 * moves to a new segment.
 */
public final class WindowTrainer {
    private final RecurrentNetwork net;
    private final TruncatedBptt bptt;
    private final GradientClipper clipper;
    private final Optimizer optimizer;
    private boolean lastUpdateApplied;
    private LearningRateSchedule schedule;

    public WindowTrainer(RecurrentNetwork net, int batch, GradientClipper clipper, Optimizer optimizer) {
        this.net = net;
        this.bptt = new TruncatedBptt(net, batch);
        this.clipper = clipper;
        this.optimizer = optimizer;
    }

    /** One update on the window {@code x[xOff ..]} ({@code [T][B][I]}) with targets {@code y[yOff ..]}; returns its loss. */
    public float train(float[] x, int xOff, float[] y, int yOff, int steps) {
        return train(x, xOff, y, yOff, null, 0, steps);
    }

    /**
     * As {@link #train(float[], int, float[], int, int)} with a loss mask ({@code [T][B]}, or null). A window
     * whose loss or gradient norm is not finite updates nothing: the parameters keep their values,
     * {@link #lastUpdateApplied()} is false, and the carried state is zeroed (it may hold the non-finite values).
     */
    public float train(float[] x, int xOff, float[] y, int yOff, float[] mask, int maskOff, int steps) {
        net.zeroGrad();
        return update(bptt.window(x, xOff, y, yOff, mask, maskOff, steps));
    }

    /** One update on a window under the direct multi-horizon objective ({@link TruncatedBptt#window(float[], int, HorizonLoss, float[], float[], int, int)}). */
    public float train(float[] x, int xOff, HorizonLoss objective, float[] labels, float[] mask, int labelOff, int steps) {
        net.zeroGrad();
        return update(bptt.window(x, xOff, objective, labels, mask, labelOff, steps));
    }

    /** Clips and steps after a window's backward, unless its loss or gradient norm is not finite. */
    private float update(float loss) {
        double norm = clipper.clip(net.gradients());
        lastUpdateApplied = Float.isFinite(loss) && Double.isFinite(norm);
        if (!lastUpdateApplied) {
            bptt.resetState();
        } else {
            if (schedule != null) {
                optimizer.setLearningRate(schedule.at(optimizer.stepCount()));
            }
            optimizer.step(net.parameters(), net.gradients());
        }
        return loss;
    }

    /** Sets the rate before every update from {@code schedule} at the optimizer's step count (null: leave the rate alone). */
    public WindowTrainer withSchedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /** Whether the last {@link #train} call updated the parameters (false after a non-finite loss or gradient). */
    public boolean lastUpdateApplied() {
        return lastUpdateApplied;
    }

    public RecurrentNetwork network() { return net; }
    public TruncatedBptt bptt() { return bptt; }
    public Optimizer optimizer() { return optimizer; }
    public GradientClipper clipper() { return clipper; }
}
