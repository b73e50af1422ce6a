package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The cells' vector exp/sigmoid/tanh: accurate against double precision, and giving the same bits before
 * and after the JIT compiles them (the JDK's own EXP/TANH lanes do not, which broke bit-identical resumes).
 */
class VectorFunctionsTest {
    private static final int N = 4096;

    private static float[] inputs() {
        Random r = new Random(1);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (r.nextGaussian() * (i % 4 == 0 ? 30 : 3));
        }
        float[] edges = {0f, -0f, 1e-8f, -1e-8f, 0.29999f, 0.3f, 0.30001f, -0.3f, 9f, -9f, 44f, 88f, 89f, 100f, -87f, -88f, -100f,
            Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(edges, 0, x, 0, edges.length);
        return x;
    }

    private static int[] apply(float[] x, int which) {
        float[] out = new float[N];
        for (int i = 0; i < N; i += VectorFunctions.S.length()) {
            FloatVector v = FloatVector.fromArray(VectorFunctions.S, x, i);
            FloatVector y = which == 0 ? VectorFunctions.exp(v) : which == 1 ? VectorFunctions.sigmoid(v) : VectorFunctions.tanh(v);
            y.intoArray(out, i);
        }
        int[] bits = new int[N];
        for (int i = 0; i < N; i++) {
            bits[i] = Float.floatToRawIntBits(out[i]);
        }
        return bits;
    }

    @Test
    void sameBitsBeforeAndAfterTheJitCompilesThem() {
        float[] x = inputs();
        int[][] cold = {apply(x, 0), apply(x, 1), apply(x, 2)};
        for (int k = 0; k < 20_000; k++) {
            apply(x, k % 3);
        }
        for (int f = 0; f < 3; f++) {
            int[] warm = apply(x, f);
            for (int i = 0; i < N; i++) {
                if (warm[i] != cold[f][i]) {
                    fail("function " + f + " at x=" + x[i] + ": interpreted " + Float.intBitsToFloat(cold[f][i])
                            + ", compiled " + Float.intBitsToFloat(warm[i]));
                }
            }
        }
    }

    @Test
    void accurateAgainstDoublePrecision() {
        float[] x = inputs();
        float[] e = bitsToFloats(apply(x, 0));
        float[] s = bitsToFloats(apply(x, 1));
        float[] t = bitsToFloats(apply(x, 2));
        double worstExpUlp = 0, worstSigmoid = 0, worstTanh = 0;
        for (int i = 0; i < N; i++) {
            double xi = x[i];
            if (xi >= -87 && xi <= 88) {
                double ref = Math.exp(xi);
                worstExpUlp = Math.max(worstExpUlp, Math.abs(e[i] - ref) / Math.ulp((float) ref));
            }
            worstSigmoid = Math.max(worstSigmoid, Math.abs(s[i] - 1 / (1 + Math.exp(-xi))));
            worstTanh = Math.max(worstTanh, Math.abs(t[i] - Math.tanh(xi)));
        }
        System.out.printf("vector exp worst %.2f ulp, sigmoid worst %.3g abs, tanh worst %.3g abs%n", worstExpUlp, worstSigmoid, worstTanh);
        assertTrue(worstExpUlp <= 2.0, "exp error " + worstExpUlp + " ulp");
        assertTrue(worstSigmoid <= 2e-7, "sigmoid error " + worstSigmoid);
        assertTrue(worstTanh <= 3e-7, "tanh error " + worstTanh);
        assertEquals(0f, t[0], 0f);
        assertTrue(Float.isNaN(bitsToFloats(applyOne(Float.NaN))[0]), "NaN stays NaN");
    }

    private static int[] applyOne(float v) {
        float[] x = new float[N];
        java.util.Arrays.fill(x, v);
        return apply(x, 2);
    }

    private static float[] bitsToFloats(int[] bits) {
        float[] f = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            f[i] = Float.intBitsToFloat(bits[i]);
        }
        return f;
    }
}
