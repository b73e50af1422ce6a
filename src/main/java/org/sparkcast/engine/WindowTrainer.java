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

    public WindowTrainer(RecurrentNetwork net, int batch, GradientClipper clipper, Optimizer optimizer) {
        this.net = net;
        this.bptt = new TruncatedBptt(net, batch);
        this.clipper = clipper;
        this.optimizer = optimizer;
    }

    /** One update on the window {@code x[xOff ..]} ({@code [T][B][I]}) with targets {@code y[yOff ..]}; returns its loss. */
    public float train(float[] x, int xOff, float[] y, int yOff, int steps) {
        net.zeroGrad();
        float loss = bptt.window(x, xOff, y, yOff, steps);
        clipper.clip(net.gradients());
        optimizer.step(net.parameters(), net.gradients());
        return loss;
    }

    public RecurrentNetwork network() { return net; }
    public TruncatedBptt bptt() { return bptt; }
    public Optimizer optimizer() { return optimizer; }
    public GradientClipper clipper() { return clipper; }
}
