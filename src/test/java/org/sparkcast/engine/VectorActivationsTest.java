package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cells' vector sigmoid and tanh: accurate against double precision, and giving the same bits before
 * and after the JIT compiles them (the JDK's own EXP/TANH lanes do not, which broke bit-identical resumes).
 */
class VectorActivationsTest {
    private static final int N = 4099; // not a multiple of the vector width: the scalar tail runs too

    private static float[] inputs() {
        Random r = new Random(1);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (r.nextGaussian() * (i % 4 == 0 ? 30 : 3));
        }
        float[] edges = {0f, -0f, 1e-8f, -1e-8f, 0.3f, -0.3f, 9f, -9f, 44f, 88f, 89f, 100f, -87f, -88f, -100f,
            Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(edges, 0, x, 0, edges.length);
        return x;
    }

    private static float[] apply(float[] x, boolean tanh) {
        float[] out = x.clone();
        if (tanh) {
            VectorActivations.tanh(out, 0, out, 0, N);
        } else {
            VectorActivations.sigmoid(out, 0, N);
        }
        return out;
    }

    @Test
    void sameBitsBeforeAndAfterTheJitCompilesThem() {
        float[] x = inputs();
        float[][] cold = {apply(x, false), apply(x, true)};
        for (int k = 0; k < 20_000; k++) {
            apply(x, k % 2 == 1);
        }
        for (int f = 0; f < 2; f++) {
            float[] warm = apply(x, f == 1);
            for (int i = 0; i < N; i++) {
                if (Float.floatToRawIntBits(warm[i]) != Float.floatToRawIntBits(cold[f][i])) {
                    fail((f == 1 ? "tanh" : "sigmoid") + " at x=" + x[i] + ": interpreted " + cold[f][i] + ", compiled " + warm[i]);
                }
            }
        }
    }

    @Test
    void accurateAgainstDoublePrecision() {
        float[] x = inputs();
        float[] s = apply(x, false);
        float[] t = apply(x, true);
        double worstSigmoid = 0;
        double worstTanh = 0;
        for (int i = 0; i < N; i++) {
            worstSigmoid = Math.max(worstSigmoid, Math.abs(s[i] - 1 / (1 + Math.exp(-(double) x[i]))));
            worstTanh = Math.max(worstTanh, Math.abs(t[i] - Math.tanh(x[i])));
        }
        System.out.printf("vector sigmoid worst %.3g abs, tanh worst %.3g abs%n", worstSigmoid, worstTanh);
        assertTrue(worstSigmoid <= 2e-7, "sigmoid error " + worstSigmoid);
        assertTrue(worstTanh <= 3e-7, "tanh error " + worstTanh);
        assertEquals(0.5f, s[0], 0f);
        float[] nan = new float[N];
        java.util.Arrays.fill(nan, Float.NaN);
        assertTrue(Float.isNaN(apply(nan, true)[0]), "NaN stays NaN");
    }
}
