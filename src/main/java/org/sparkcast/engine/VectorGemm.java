package org.sparkcast.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pure-Java single-precision GEMM on the Vector API, the fast fallback where no native BLAS loads:
 * {@code C = alpha * op(A) . op(B) + beta * C} (row-major, the {@link Gemm} contract).
 *
 * <pre>
 * C is cut into tiles of 4 rows x 4 vectors (4 x 64 floats with AVX-512), each held in 16 vector
 * registers while the reduction dimension runs (in blocks of KC so that the B panel stays in cache):
 *     for p in block:  b_v = op(B)[p, j .. j+4V)          (4 vector loads)
 *                      acc[r][v] += op(A)[i+r, p] * b_v   (4 broadcasts, 16 FMAs)
 *     C[i+r, j ..] += alpha * acc[r][..]
 * </pre>
 * op(A) is read in place through its two strides (as stored or transposed costs the same); op(B)
 * is read in place as rows when not transposed, and packed transposed into a per-thread scratch
 * block ({@code [KC][n]}) when it is. Column tails use 4 x 1-vector tiles, then scalar loops; row
 * tails 1 x 1-vector tiles.
 *
 * <p>Threads: {@code new VectorGemm()} runs on the caller's thread and one instance serves any number
 * of threads (its only state is the per-thread scratch). {@code new VectorGemm(t)} with t >= 2 also
 * splits the rows of C of every product of at least {@value #PARALLEL_FLOPS} flops over t threads
 * (the caller and a {@link GemmWorkers} team), rows in multiples of 4; such products from different
 * callers run one after the other.
 */
public final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int KC = 256;
    /**
     * Products smaller than this stay on one thread. Waking a worker costs microseconds on an idle
     * core and far more on a busy one: on the shared 2-core benchmark machine splitting the per-step
     * products of shape (a) (2 MFLOP) made a step 3x slower, those of (b) (17 MFLOP) ~20% slower, while
     * (d)'s (67 MFLOP) and every weight-gradient product (0.2-3 GFLOP) gained.
     */
    static final long PARALLEL_FLOPS = 32_000_000;
    /** System property overriding {@link #PARALLEL_FLOPS}. */
    public static final String PARALLEL_FLOPS_PROPERTY = "sparkcast.gemm.parallel-flops";

    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);
    private final GemmWorkers workers;
    private final RowSplit split = new RowSplit();
    private final long parallelFlops;

    /** A single-threaded kernel. */
    public VectorGemm() {
        this(1);
    }

    /**
     * A kernel that splits large products over {@code threads} threads (1: none): those of at least
     * {@value #PARALLEL_FLOPS_PROPERTY} flops (default {@value #PARALLEL_FLOPS}).
     */
    public VectorGemm(int threads) {
        this(threads, Long.getLong(PARALLEL_FLOPS_PROPERTY, PARALLEL_FLOPS));
    }

    /** As {@link #VectorGemm(int)}, splitting products of at least {@code parallelFlops} (tests use small ones). */
    VectorGemm(int threads, long parallelFlops) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.workers = threads > 1 ? new GemmWorkers(threads) : null;
        this.parallelFlops = parallelFlops;
    }

    /** Whether a product of this shape is split over the threads. */
    public boolean splits(int m, int n, int k) {
        return workers != null && m >= 8 && 2L * m * n * k >= parallelFlops;
    }

    /** Threads a large product may use. */
    public int threads() {
        return workers == null ? 1 : workers.threads();
    }

    /** Floats per vector (16 with AVX-512, 8 with AVX2). */
    public int vectorLength() {
        return V;
    }

    @Override
    public String name() {
        return "java-vector" + V * 32 + (workers == null ? "" : "x" + workers.threads());
    }

    @Override
    public void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (splits(m, n, k)) {
            synchronized (split) {
                split.set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                workers.run(split);
            }
            return;
        }
        single(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The whole product on the calling thread. */
    private void single(Transpose transA, Transpose transB, int m, int n, int k,
                        float alpha, float[] a, int aOff, int lda,
                        float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        scaleC(m, n, beta, c, cOff, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        // op(A)[i, p] = a[aOff + i * rs + p * cs]
        int rs = transA == Transpose.NO ? lda : 1;
        int cs = transA == Transpose.NO ? 1 : lda;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            if (transB == Transpose.NO) {
                block(m, n, kc, alpha, a, aOff + p0 * cs, rs, cs, b, bOff + p0 * ldb, ldb, c, cOff, ldc);
            } else {
                float[] packed = packTransposed(b, bOff + p0, ldb, kc, n);
                block(m, n, kc, alpha, a, aOff + p0 * cs, rs, cs, packed, 0, n, c, cOff, ldc);
            }
        }
    }

    /** One product's arguments, reused; slice s of n computes rows [s * per, (s + 1) * per) of C. */
    private final class RowSplit implements GemmWorkers.Slice {
        private Transpose transA, transB;
        private int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        private float alpha, beta;
        private float[] a, b, c;

        void set(Transpose transA, Transpose transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        @Override
        public void run(int index, int count) {
            int per = ((m + count - 1) / count + 3) / 4 * 4;
            int i0 = Math.min(m, index * per);
            int i1 = Math.min(m, i0 + per);
            int rowStep = transA == Transpose.NO ? lda : 1; // op(A) row i starts at aOff + i * rowStep
            if (i0 < i1) {
                single(transA, transB, i1 - i0, n, k, alpha, a, aOff + i0 * rowStep, lda, b, bOff, ldb,
                        beta, c, cOff + i0 * ldc, ldc);
            }
        }
    }

    /** C[m x n] += alpha * A(rs, cs)[m x kc] . B[kc x n] (B rows at stride bs). */
    private static void block(int m, int n, int kc, float alpha, float[] a, int a0, int rs, int cs,
                              float[] b, int b0, int bs, float[] c, int c0, int ldc) {
        int m4 = m - m % 4;
        int j = 0;
        for (; j + 4 * V <= n; j += 4 * V) {
            for (int i = 0; i < m4; i += 4) {
                tile4x4(kc, alpha, a, a0 + i * rs, rs, cs, b, b0 + j, bs, c, c0 + i * ldc + j, ldc);
            }
        }
        for (; j + V <= n; j += V) {
            for (int i = 0; i < m4; i += 4) {
                tile4x1(kc, alpha, a, a0 + i * rs, rs, cs, b, b0 + j, bs, c, c0 + i * ldc + j, ldc);
            }
        }
        int nv = j;
        for (int i = m4; i < m; i++) {
            for (int jj = 0; jj < nv; jj += V) {
                tile1x1(kc, alpha, a, a0 + i * rs, cs, b, b0 + jj, bs, c, c0 + i * ldc + jj);
            }
        }
        // the last n % V columns, every row
        for (int i = 0; i < m; i++) {
            for (int jj = nv; jj < n; jj++) {
                float s = 0f;
                for (int p = 0; p < kc; p++) {
                    s += a[a0 + i * rs + p * cs] * b[b0 + p * bs + jj];
                }
                c[c0 + i * ldc + jj] += alpha * s;
            }
        }
    }

    private static void tile4x4(int kc, float alpha, float[] a, int a0, int rs, int cs,
                                float[] b, int b0, int bs, float[] c, int c0, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        for (int p = 0; p < kc; p++) {
            int bp = b0 + p * bs;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + V);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * V);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * V);
            int ap = a0 + p * cs;
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0v, c00); c01 = x.fma(b1v, c01); c02 = x.fma(b2v, c02); c03 = x.fma(b3v, c03);
            x = FloatVector.broadcast(S, a[ap + rs]);
            c10 = x.fma(b0v, c10); c11 = x.fma(b1v, c11); c12 = x.fma(b2v, c12); c13 = x.fma(b3v, c13);
            x = FloatVector.broadcast(S, a[ap + 2 * rs]);
            c20 = x.fma(b0v, c20); c21 = x.fma(b1v, c21); c22 = x.fma(b2v, c22); c23 = x.fma(b3v, c23);
            x = FloatVector.broadcast(S, a[ap + 3 * rs]);
            c30 = x.fma(b0v, c30); c31 = x.fma(b1v, c31); c32 = x.fma(b2v, c32); c33 = x.fma(b3v, c33);
        }
        // written out rather than through a helper taking vectors: vectors passed to a method that is
        // not inlined get boxed, and that alone cost 7x (11 against 74 GFLOP/s)
        FloatVector al = FloatVector.broadcast(S, alpha);
        int o = c0;
        c00.fma(al, FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c01.fma(al, FloatVector.fromArray(S, c, o + V)).intoArray(c, o + V);
        c02.fma(al, FloatVector.fromArray(S, c, o + 2 * V)).intoArray(c, o + 2 * V);
        c03.fma(al, FloatVector.fromArray(S, c, o + 3 * V)).intoArray(c, o + 3 * V);
        o += ldc;
        c10.fma(al, FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c11.fma(al, FloatVector.fromArray(S, c, o + V)).intoArray(c, o + V);
        c12.fma(al, FloatVector.fromArray(S, c, o + 2 * V)).intoArray(c, o + 2 * V);
        c13.fma(al, FloatVector.fromArray(S, c, o + 3 * V)).intoArray(c, o + 3 * V);
        o += ldc;
        c20.fma(al, FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c21.fma(al, FloatVector.fromArray(S, c, o + V)).intoArray(c, o + V);
        c22.fma(al, FloatVector.fromArray(S, c, o + 2 * V)).intoArray(c, o + 2 * V);
        c23.fma(al, FloatVector.fromArray(S, c, o + 3 * V)).intoArray(c, o + 3 * V);
        o += ldc;
        c30.fma(al, FloatVector.fromArray(S, c, o)).intoArray(c, o);
        c31.fma(al, FloatVector.fromArray(S, c, o + V)).intoArray(c, o + V);
        c32.fma(al, FloatVector.fromArray(S, c, o + 2 * V)).intoArray(c, o + 2 * V);
        c33.fma(al, FloatVector.fromArray(S, c, o + 3 * V)).intoArray(c, o + 3 * V);
    }

    private static void tile4x1(int kc, float alpha, float[] a, int a0, int rs, int cs,
                                float[] b, int b0, int bs, float[] c, int c0, int ldc) {
        FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v;
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * bs);
            int ap = a0 + p * cs;
            c0v = bv.fma(FloatVector.broadcast(S, a[ap]), c0v);
            c1v = bv.fma(FloatVector.broadcast(S, a[ap + rs]), c1v);
            c2v = bv.fma(FloatVector.broadcast(S, a[ap + 2 * rs]), c2v);
            c3v = bv.fma(FloatVector.broadcast(S, a[ap + 3 * rs]), c3v);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c0v.fma(al, FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
        c1v.fma(al, FloatVector.fromArray(S, c, c0 + ldc)).intoArray(c, c0 + ldc);
        c2v.fma(al, FloatVector.fromArray(S, c, c0 + 2 * ldc)).intoArray(c, c0 + 2 * ldc);
        c3v.fma(al, FloatVector.fromArray(S, c, c0 + 3 * ldc)).intoArray(c, c0 + 3 * ldc);
    }

    private static void tile1x1(int kc, float alpha, float[] a, int a0, int cs, float[] b, int b0, int bs, float[] c, int c0) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            acc = FloatVector.fromArray(S, b, b0 + p * bs).fma(FloatVector.broadcast(S, a[a0 + p * cs]), acc);
        }
        acc.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, c0)).intoArray(c, c0);
    }

    /** Scratch {@code [kc][n]} (per thread, reused) holding {@code B[j][p0 + p]} at {@code [p][j]}. */
    private float[] packTransposed(float[] b, int b0, int ldb, int kc, int n) {
        float[] packed = scratch.get();
        if (packed.length < kc * n) {
            packed = new float[Math.max(kc * n, KC * n)];
            scratch.set(packed);
        }
        for (int j = 0; j < n; j++) {
            int src = b0 + j * ldb;
            for (int p = 0; p < kc; p++) {
                packed[p * n + j] = b[src + p];
            }
        }
        return packed;
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
}
