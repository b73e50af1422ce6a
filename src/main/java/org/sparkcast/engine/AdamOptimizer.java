package org.sparkcast.engine;

/**
 * Adam (Kingma &amp; Ba, 2015) and AdamW (Loshchilov &amp; Hutter, 2019), PyTorch semantics
 * ({@code torch.optim.Adam}/{@code AdamW}, {@code amsgrad=False}), per element at step t = 1, 2, ...:
 * <pre>
 * Adam:  g = grad + weight_decay * p              AdamW: p = p * (1 - lr * weight_decay), g = grad
 * m = b1 * m + (1 - b1) * g
 * v = b2 * v + (1 - b2) * g * g
 * p = p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)     (eps after bias correction)
 * </pre>
 * State: first and second moments in the parameter layout, and the step count.
 */
public final class AdamOptimizer extends StepCountingOptimizer {
    private final Optimizer.Kind kind;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final float[] m;
    private final float[] v;

    /** Adam or AdamW with PyTorch's defaults (betas 0.9, 0.999; eps 1e-8) and the given weight decay. */
    public AdamOptimizer(Optimizer.Kind kind, int size, float lr, float weightDecay) {
        this(kind, size, lr, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    public AdamOptimizer(Optimizer.Kind kind, int size, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(lr);
        if (kind != Optimizer.Kind.ADAM && kind != Optimizer.Kind.ADAMW) {
            throw new IllegalArgumentException("AdamOptimizer is ADAM or ADAMW, not " + kind);
        }
        if (!(lr > 0f) || !(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f) || !(eps > 0f) || weightDecay < 0f) {
            throw new IllegalArgumentException("Adam needs lr > 0, betas in [0, 1), eps > 0, weight_decay >= 0; got lr=" + lr
                    + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps + ", weight_decay=" + weightDecay);
        }
        this.kind = kind;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new float[size];
        this.v = new float[size];
    }

    @Override
    public void step(float[] params, float[] grads) {
        steps++;
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, steps)));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, steps));
        float decay = kind == Optimizer.Kind.ADAMW ? 1f - lr * weightDecay : 1f;
        float l2 = kind == Optimizer.Kind.ADAM ? weightDecay : 0f;
        for (int i = 0; i < params.length; i++) {
            float p = params[i] * decay;
            float g = grads[i] + l2 * p;
            float mi = beta1 * m[i] + (1f - beta1) * g;
            float vi = beta2 * v[i] + (1f - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            params[i] = p - stepSize * mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps);
        }
    }

    @Override
    public float[][] stateArrays() {
        return new float[][] {m, v};
    }

    /** First moments (live). */
    public float[] firstMoment() {
        return m;
    }

    /** Second moments (live). */
    public float[] secondMoment() {
        return v;
    }
}
