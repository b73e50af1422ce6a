package org.sparkcast.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * This core's single-precision FMA peak, measured in the same run as the benchmark so that
 * {@code gflops / peak} is a ratio of two figures taken under the same conditions:
 * <pre>
 * 12 independent accumulators (enough to cover FMA latency x issue width), each
 * acc = acc * a + b on whole vectors, registers only: flops = 2 * lanes * 12 * iterations
 * </pre>
 * The best of several short rounds counts (a round that another process interrupts is slower, never
 * faster). Needs the {@code jdk.incubator.vector} module; {@link #measure} returns NaN without it.
 */
public final class FmaPeak {
    private static final long ITERATIONS = 5_000_000;

    private FmaPeak() {
    }

    /** Best GFLOP/s of {@code rounds} rounds, after one warm-up round; NaN without the Vector API. */
    public static double measure(int rounds) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Double.NaN;
        }
        return VectorLoop.best(rounds);
    }

    /** Loaded only when the module is present. */
    private static final class VectorLoop {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        static volatile float sink;

        static double best(int rounds) {
            double best = 0;
            for (int r = -1; r < rounds; r++) {
                long start = System.nanoTime();
                sink = run(ITERATIONS);
                double gflops = 2.0 * S.length() * 12 * ITERATIONS / (System.nanoTime() - start);
                if (r >= 0) {
                    best = Math.max(best, gflops);
                }
            }
            return best;
        }

        private static float run(long iterations) {
            FloatVector a = FloatVector.broadcast(S, 0.999999f);
            FloatVector b = FloatVector.broadcast(S, 1e-7f);
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
            for (long i = 0; i < iterations; i++) {
                c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
                c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
                c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            }
            return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                    .lane(0);
        }
    }
}
