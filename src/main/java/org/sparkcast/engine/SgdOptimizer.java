package org.sparkcast.engine;

/**
 * Stochastic gradient descent with heavy-ball momentum, PyTorch semantics ({@code torch.optim.SGD}):
 * <pre>
 * g = grad + weight_decay * p
 * buf = g                      on the first step
 * buf = momentum * buf + g     later            (dampening = 0, no Nesterov)
 * p = p - lr * buf
 * </pre>
 * State: the momentum buffer, in the parameter layout.
 */
public final class SgdOptimizer extends StepCountingOptimizer {
    private final float momentum;
    private final float weightDecay;
    private final float[] buf;

    /** SGD with momentum and no weight decay. */
    public SgdOptimizer(int size, float lr, float momentum) {
        this(size, lr, momentum, 0f);
    }

    public SgdOptimizer(int size, float lr, float momentum, float weightDecay) {
        super(lr);
        if (!(lr > 0f) || momentum < 0f || weightDecay < 0f) {
            throw new IllegalArgumentException("SGD needs lr > 0, momentum >= 0, weight_decay >= 0; got lr=" + lr
                    + ", momentum=" + momentum + ", weight_decay=" + weightDecay);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.buf = new float[size];
    }

    @Override
    public void step(float[] params, float[] grads) {
        boolean first = steps == 0;
        for (int i = 0; i < params.length; i++) {
            float g = grads[i] + weightDecay * params[i];
            if (momentum != 0f) {
                buf[i] = first ? g : momentum * buf[i] + g;
                g = buf[i];
            }
            params[i] -= lr * g;
        }
        steps++;
    }

    @Override
    public float[][] stateArrays() {
        return new float[][] {buf};
    }

    /** The momentum buffer (live). */
    public float[] momentumBuffer() {
        return buf;
    }
}
