package org.sparkcast.engine;

/**
 * Routes each product to the kernel that was faster for its shape on the benchmark machine: the
 * Vector API kernel for the engine's long-reduction products, native BLAS for the rest.
 *
 * <pre>
 * vector (VectorGemm) when  op(B) is B as stored, k >= 64, k >= n, n >= one vector, m >= 4:
 *     per-step dPre . W_hh                             [B x H x GH]     ~112 vs ~98 GFLOP/s native
 *     dW_hh += dPre^T . h_prev                         [GH x H x T*B]   ~94 vs ~85
 *     dW_ih += dPre^T . x                              [GH x I x T*B]   ~61 vs ~38
 * native otherwise: the per-step h . W_hh^T [B x GH x H] (faster alone, ~105 vs ~95, but slower
 * in the engine, where its C = pre[t] streams from memory: 10.5 vs 9.0 ms per window of (b)),
 * unless the Vector API kernel would split it over threads (then it takes that product too: native
 * BLAS is meant to run single-threaded beside it, see {@code bench-engine.sh}),
 * short reductions (the window's input projection, k = I), products with a
 * transposed B (the kernel would pack it on every call), GEMV-like shapes (n < one vector or
 * m < 4: the head with O outputs, bias column sums).
 * </pre>
 * (One core, OpenBLAS 0.3.21 and AVX-512 Vector API, single-thread CPU time; see
 * {@code submit-scripts/bench-engine.sh}.) Both kernels are checked against the same reference, so
 * the route changes speed, not results beyond float rounding.
 */
public final class HybridGemm implements Gemm {
    /** Reductions at least this long go to the Vector API kernel. */
    static final int MIN_K = 64;

    private final VectorGemm vector;
    private final Gemm other;
    private final int minN;

    public HybridGemm(VectorGemm vector, Gemm other) {
        this.vector = vector;
        this.other = other;
        this.minN = vector.vectorLength();
    }

    @Override
    public String name() {
        return "hybrid(" + vector.name() + "+" + other.name() + ")";
    }

    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        boolean longReduction = k >= MIN_K && (k >= n || vector.splits(m, n, k));
        Gemm g = transB == Transpose.NO && longReduction && n >= minN && m >= 4 ? vector : other;
        g.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
