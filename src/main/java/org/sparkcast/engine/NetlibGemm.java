package org.sparkcast.engine;

import dev.ludovic.netlib.blas.BLAS;

/**
 * GEMM through {@code dev.ludovic.netlib} (native BLAS over JNI, or netlib's Vector API / F2J code).
 * BLAS is column-major; a row-major {@code C = op(A) op(B)} is the column-major
 * {@code C^T = op(B)^T op(A)^T}, so the operands are passed swapped with the same strides.
 */
public final class NetlibGemm implements Gemm {
    private final BLAS blas;
    private final String name;

    public NetlibGemm(BLAS blas, String name) {
        this.blas = blas;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        blas.sgemm(transB.blas(), transA.blas(), n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    }
}
