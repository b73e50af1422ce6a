package org.sparkcast.engine;

/**
 * Truncated backpropagation through time over consecutive windows of the same B lanes. Each window
 * runs forward from the carried state, computes its loss, backpropagates (gradients accumulate into
 * the network's gradient array; the caller zeroes and steps the optimizer), and then carries its final
 * state into the next window <em>detached</em>: only values are carried, no gradient crosses windows.
 * A lane that moves to a new segment is reset with {@link #resetLane}. No allocation per window.
 */
public final class TruncatedBptt {
    private final RecurrentNetwork net;
    private final int batch;
    private final StateCarrier carry;

    public TruncatedBptt(RecurrentNetwork net, int batch) {
        this.net = net;
        this.batch = batch;
        this.carry = new StateCarrier(net.spec(), batch);
    }

    /** The state the next window starts from (live). */
    public RecurrentState state() {
        return carry.current();
    }

    /** Zeroes the carried state of every lane (the start of new sequences). */
    public void resetState() {
        carry.reset();
    }

    /** Zeroes the carried state of one lane. */
    public void resetLane(int lane) {
        carry.resetLane(lane);
    }

    /**
     * One window: {@code x[xOff ..]} is {@code [T][B][I]}, {@code y[yOff ..]} the targets for the network's
     * loss. Returns the window's loss; afterwards {@link #state()} holds the state after its last step.
     */
    public float window(float[] x, int xOff, float[] y, int yOff, int steps) {
        return window(x, xOff, y, yOff, null, 0, steps);
    }

    /**
     * One window under the direct multi-horizon objective: {@code labels} and {@code mask} are {@code [T][B][H*Y]}
     * from {@code labelOff} (see {@link HorizonLoss}); otherwise as {@link #window(float[], int, float[], int, int)}.
     */
    public float window(float[] x, int xOff, HorizonLoss objective, float[] labels, float[] mask, int labelOff, int steps) {
        net.forward(x, xOff, steps, batch, carry.current(), carry.next());
        float loss = net.loss(objective, labels, mask, labelOff);
        net.backward();
        carry.advance(); // detach: the final state becomes the next initial state, values only
        return loss;
    }

    /** As {@link #window(float[], int, float[], int, int)} with a loss mask (see {@link RecurrentNetwork#loss(float[], int, float[], int)}). */
    public float window(float[] x, int xOff, float[] y, int yOff, float[] mask, int maskOff, int steps) {
        net.forward(x, xOff, steps, batch, carry.current(), carry.next());
        float loss = net.loss(y, yOff, mask, maskOff);
        net.backward();
        carry.advance(); // detach: the final state becomes the next initial state, values only
        return loss;
    }
}
