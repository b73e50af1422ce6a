package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sparkcast.engine.Gemm.Transpose;

/**
 * Every GEMM kernel against a straightforward double-precision reference, for all four transpose
 * combinations, operands at non-zero offsets with row strides wider than the rows (lda > width),
 * and alpha / beta in {0, 1, other}; shapes cover whole tiles, row and column tails, and k longer
 * than one reduction block. C outside the written window must be left untouched.
 */
class GemmKernelTest {
    private static final int[][] SHAPES = {
        {1, 1, 1}, {3, 5, 7}, {4, 64, 9}, {8, 128, 16}, {7, 70, 300}, {9, 17, 33}, {16, 48, 1}, {5, 200, 513},
        {45, 96, 300}, // 2.6 MFLOP: split over the threads of a multi-threaded kernel (3 threads: rows 16 / 16 / 13)
    };
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {0.5f, -2f}, {0f, 0.5f}, {-1.25f, 1f}};

    /** The kernels built here plus every {@link GemmKernels.Choice} that loads on this machine. */
    static List<Gemm> kernels() {
        List<Gemm> kernels = new java.util.ArrayList<>(List.of(new JavaGemm(), new VectorGemm(), new VectorGemm(3, 2_000_000),
                new HybridGemm(new VectorGemm(), new JavaGemm()), GemmKernels.defaultKernel()));
        for (GemmKernels.Choice c : GemmKernels.Choice.values()) {
            try {
                kernels.add(GemmKernels.create(c));
            } catch (RuntimeException | LinkageError e) {
                System.out.println("kernel " + c + " not available here: " + e.getMessage());
            }
        }
        return kernels;
    }

    @org.junit.jupiter.api.Test
    void betaZeroIgnoresNaNInOutput() {
        for (Gemm gemm : kernels()) {
            float[] c = {Float.NaN, Float.NaN};
            gemm.gemm(Transpose.NO, Transpose.NO, 1, 2, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f, 4f}, 0, 2, 0f, c, 0, 2);
            assertEquals(6f, c[0], gemm.name());
            assertEquals(8f, c[1], gemm.name());
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsUnknownKernelNameWithTheChoices() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GemmKernels.parse("fast"));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("'fast' is not a kernel; expected auto") && e.getMessage().contains(" or java"), e.getMessage());
    }

    @TestFactory
    List<DynamicTest> everyKernelMatchesTheDoubleReference() {
        return kernels().stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> checkKernel(g))).toList();
    }

    private static void checkKernel(Gemm gemm) {
        SplittableRandom random = new SplittableRandom(42);
        double worst = 0;
        for (int[] shape : SHAPES) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    for (float[] ab : ALPHA_BETA) {
                        worst = Math.max(worst, checkOne(gemm, random, shape[0], shape[1], shape[2], ta, tb, ab[0], ab[1]));
                    }
                }
            }
        }
        System.out.println("gemm " + gemm.name() + ": max relative error " + worst);
    }

    /** One product; returns the worst |error| / (sum of |terms| + 1e-30) seen. */
    private static double checkOne(Gemm gemm, SplittableRandom random, int m, int n, int k,
                                   Transpose ta, Transpose tb, float alpha, float beta) {
        int aRows = ta == Transpose.NO ? m : k, aCols = ta == Transpose.NO ? k : m;
        int bRows = tb == Transpose.NO ? k : n, bCols = tb == Transpose.NO ? n : k;
        int lda = aCols + 3, ldb = bCols + 5, ldc = n + 2;
        int aOff = 7, bOff = 11, cOff = 13;
        float[] a = filled(random, aOff + aRows * lda);
        float[] b = filled(random, bOff + bRows * ldb);
        float[] c = filled(random, cOff + m * ldc + 4);
        float[] before = c.clone();
        gemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String label = gemm.name() + " " + ta + "," + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta;
        double worst = 0;
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1, j = rel >= 0 ? rel % ldc : -1;
            if (i < 0 || i >= m || j >= n) {
                assertEquals(before[idx], c[idx], label + ": C[" + idx + "] outside the m x n window was changed");
                continue;
            }
            double sum = 0, scale = 0;
            for (int p = 0; p < k; p++) {
                double x = ta == Transpose.NO ? a[aOff + i * lda + p] : a[aOff + p * lda + i];
                double y = tb == Transpose.NO ? b[bOff + p * ldb + j] : b[bOff + j * ldb + p];
                sum += x * y;
                scale += Math.abs(x * y);
            }
            double expected = alpha * sum + (beta == 0f ? 0 : beta * (double) before[idx]);
            double bound = Math.abs(alpha) * scale + Math.abs(beta * (double) before[idx]);
            double err = Math.abs(c[idx] - expected);
            if (err > 1e-5 * bound + 1e-6) {
                fail(label + ": C[" + i + "][" + j + "] expected " + expected + " actual " + c[idx] + " |diff| " + err);
            }
            worst = Math.max(worst, err / (bound + 1e-30));
        }
        return worst;
    }

    private static float[] filled(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
