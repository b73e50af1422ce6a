package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The vectorised activations against {@link Math} in double, over a range wider than any gate sees. */
class ActivationsTest {

    private static float[] grid(int n, float lo, float hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
        }
        return x;
    }

    @Test
    void sigmoidMatchesDoublePrecisionWithinFloatRounding() {
        // 1003: whole vectors plus a scalar tail at an odd offset
        float[] x = grid(1003, -40f, 40f);
        float[] a = new float[x.length + 5];
        System.arraycopy(x, 0, a, 5, x.length);
        Activations.sigmoid(a, 5, x.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < x.length; i++) {
            double diff = Math.abs(a[5 + i] - 1.0 / (1.0 + Math.exp(-x[i])));
            if (diff > worst) {
                worst = diff;
                at = i;
            }
        }
        System.out.println("sigmoid " + Activations.KIND + ": max |diff| " + worst + " at x=" + (at < 0 ? "-" : x[at]));
        assertTrue(worst < 3e-7, "sigmoid max |diff| " + worst + " at x=" + (at < 0 ? "-" : x[at]));
    }

    @Test
    void tanhMatchesDoublePrecisionWithinFloatRounding() {
        float[] x = grid(1003, -20f, 20f);
        float[] out = new float[x.length + 3];
        Activations.tanh(x, 0, out, 3, x.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < x.length; i++) {
            double diff = Math.abs(out[3 + i] - Math.tanh(x[i]));
            if (diff > worst) {
                worst = diff;
                at = i;
            }
        }
        System.out.println("tanh " + Activations.KIND + ": max |diff| " + worst + " at x=" + (at < 0 ? "-" : x[at]));
        assertTrue(worst < 3e-7, "tanh max |diff| " + worst + " at x=" + (at < 0 ? "-" : x[at]));
    }
}
