package org.sparkcast.engine;

/**
 * Pure-Java GEMM with loop orders the JIT can vectorise (an axpy over a row of C as the inner loop)
 * for the three forms the engine uses, and four-way unrolled dot products for {@code A * B^T}. The
 * always-available fallback kernel; {@link GemmKernels} prefers a faster one when present.
 */
public final class JavaGemm implements Gemm {

    @Override
    public String name() {
        return "java-loops";
    }

    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        scaleC(m, n, beta, c, cOff, ldc);
        if (transA == Transpose.NO && transB == Transpose.NO) {
            // C[i,:] += alpha * A[i,p] * B[p,:]
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float aip = alpha * a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        } else if (transA == Transpose.NO) {
            // C[i,j] += alpha * dot(A[i,:], B[j,:])
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += alpha * dot(a, ai, b, bOff + j * ldb, k);
                }
            }
        } else if (transB == Transpose.NO) {
            // C[i,:] += alpha * A[p,i] * B[p,:]
            for (int p = 0; p < k; p++) {
                int ap = aOff + p * lda;
                int bp = bOff + p * ldb;
                for (int i = 0; i < m; i++) {
                    float api = alpha * a[ap + i];
                    int ci = cOff + i * ldc;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += api * b[bp + j];
                    }
                }
            }
        } else {
            // C[i,j] += alpha * sum_p A[p,i] * B[j,p]
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + p * lda + i] * b[bOff + j * ldb + p];
                    }
                    c[cOff + i * ldc + j] += alpha * s;
                }
            }
        }
    }

    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
            }
        }
    }

    private static float dot(float[] x, int xOff, float[] y, int yOff, int len) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int p = 0;
        for (; p + 3 < len; p += 4) {
            s0 += x[xOff + p] * y[yOff + p];
            s1 += x[xOff + p + 1] * y[yOff + p + 1];
            s2 += x[xOff + p + 2] * y[yOff + p + 2];
            s3 += x[xOff + p + 3] * y[yOff + p + 3];
        }
        for (; p < len; p++) {
            s0 += x[xOff + p] * y[yOff + p];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
