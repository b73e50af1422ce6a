package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparkcast.engine.Gemm.Transpose;

/** Every kernel that loads on this machine computes the same row-major GEMM as a double-precision reference. */
class GemmKernelsAgreeTest {

    static List<Gemm> availableKernels() {
        List<Gemm> kernels = new ArrayList<>();
        kernels.add(new JavaGemm());
        kernels.add(GemmKernels.defaultKernel());
        for (GemmKernels.Choice c : GemmKernels.Choice.values()) {
            try {
                kernels.add(GemmKernels.create(c));
            } catch (RuntimeException | LinkageError e) {
                System.out.println("kernel " + c + " not available here: " + e.getMessage());
            }
        }
        return kernels;
    }

    @Test
    void everyKernelMatchesDoubleReferenceForAllTransposesOffsetsAndStrides() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {7, 4, 9}, {16, 33, 17}, {64, 12, 40}};
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {-0.5f, 0.25f}};
        for (Gemm gemm : availableKernels()) {
            for (int[] s : shapes) {
                for (Transpose ta : Transpose.values()) {
                    for (Transpose tb : Transpose.values()) {
                        for (float[] ab : alphaBeta) {
                            checkCase(gemm, random, ta, tb, s[0], s[1], s[2], ab[0], ab[1]);
                        }
                    }
                }
            }
        }
    }

    private static void checkCase(Gemm gemm, SplittableRandom random, Transpose ta, Transpose tb,
                                  int m, int n, int k, float alpha, float beta) {
        int aRows = ta == Transpose.NO ? m : k, aCols = ta == Transpose.NO ? k : m;
        int bRows = tb == Transpose.NO ? k : n, bCols = tb == Transpose.NO ? n : k;
        int lda = aCols + 3, ldb = bCols + 2, ldc = n + 5;
        int aOff = 4, bOff = 1, cOff = 6;
        float[] a = randomArray(random, aOff + aRows * lda);
        float[] b = randomArray(random, bOff + bRows * ldb);
        float[] c = randomArray(random, cOff + m * ldc + 3);
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta == Transpose.NO ? a[aOff + i * lda + p] : a[aOff + p * lda + i];
                    double bv = tb == Transpose.NO ? b[bOff + p * ldb + j] : b[bOff + j * ldb + p];
                    sum += av * bv;
                }
                int ci = cOff + i * ldc + j;
                expected[ci] = (float) (alpha * sum + (beta == 0f ? 0.0 : beta * (double) c[ci]));
            }
        }
        gemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int idx = 0; idx < c.length; idx++) {
            double diff = Math.abs(c[idx] - expected[idx]);
            if (diff > 1e-5 + 1e-5 * k * Math.abs(expected[idx])) {
                fail(String.format("%s %s%s m=%d n=%d k=%d alpha=%s beta=%s: C[%d] expected %.7g actual %.7g (diff %.3g)",
                        gemm.name(), ta, tb, m, n, k, alpha, beta, idx, expected[idx], c[idx], diff));
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInOutput() {
        for (Gemm gemm : availableKernels()) {
            float[] c = {Float.NaN, Float.NaN};
            gemm.gemm(Transpose.NO, Transpose.NO, 1, 2, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f, 4f}, 0, 2, 0f, c, 0, 2);
            assertEquals(6f, c[0], gemm.name());
            assertEquals(8f, c[1], gemm.name());
        }
    }

    @Test
    void rejectsUnknownKernelNameWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmKernels.parse("fast"));
        assertTrue(e.getMessage().contains("'fast' is not a kernel; expected auto") && e.getMessage().contains(" or java"), e.getMessage());
    }

    private static float[] randomArray(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
