package org.sparkcast.engine;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C}, where {@code op(X)} is X or its
 * transpose. {@code A} starts at {@code aOff} with row stride {@code lda} (read), likewise {@code B}
 * (read); {@code C} starts at {@code cOff} with row stride {@code ldc} (read when {@code beta != 0},
 * written). With {@code beta == 0} the old contents of C are ignored (NaN included), as in BLAS.
 */
public interface Gemm {

    /** Whether an operand is used as stored or transposed. */
    enum Transpose {
        NO, YES;

        /** The BLAS character for this flag. */
        String blas() {
            return this == NO ? "N" : "T";
        }
    }

    void gemm(Transpose transA, Transpose transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** A short name for logs and benchmark output, e.g. {@code netlib-native(OpenBLAS)} or {@code java-loops}. */
    String name();
}
