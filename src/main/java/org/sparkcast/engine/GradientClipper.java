package org.sparkcast.engine;

/**
 * Gradient clipping. {@link Mode#GLOBAL_NORM} is {@code torch.nn.utils.clip_grad_norm_}: the norm is
 * {@code sqrt(sum of g^2)} over every parameter gradient, and every gradient is multiplied by
 * {@code min(1, maxNorm / (norm + 1e-6))}.
 */
public final class GradientClipper {
    /** Whether and how to clip. */
    public enum Mode { NONE, GLOBAL_NORM }

    private final Mode mode;
    private final float maxNorm;
    private double lastNorm;
    private float lastScale = 1f;

    public GradientClipper(Mode mode, float maxNorm) {
        if (mode == Mode.GLOBAL_NORM && !(maxNorm > 0f)) {
            throw new IllegalArgumentException("global-norm clipping needs max norm > 0, got " + maxNorm);
        }
        this.mode = mode;
        this.maxNorm = maxNorm;
    }

    public static GradientClipper none() {
        return new GradientClipper(Mode.NONE, 0f);
    }

    /** Computes the global norm of {@code grads} (read, and written when clipped) and clips it; returns the pre-clip norm. */
    public double clip(float[] grads) {
        double sum = 0;
        for (float g : grads) {
            sum += (double) g * g;
        }
        lastNorm = Math.sqrt(sum);
        lastScale = 1f;
        if (mode == Mode.GLOBAL_NORM) {
            double scale = Math.min(1.0, maxNorm / (lastNorm + 1e-6));
            lastScale = (float) scale;
            if (scale < 1.0) {
                for (int i = 0; i < grads.length; i++) {
                    grads[i] *= lastScale;
                }
            }
        }
        return lastNorm;
    }

    /** The pre-clip global norm of the last {@link #clip} call. */
    public double lastNorm() {
        return lastNorm;
    }

    /** The factor the last {@link #clip} applied (1 when nothing was clipped). */
    public float lastScale() {
        return lastScale;
    }
}
