package org.sparkcast.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations} with the Vector API: whole vectors of the preferred width (16 floats with
 * AVX-512) through {@link VectorFunctions} (JIT-invariant bits), the tail through {@link Math} in double. Loaded only when the
 * {@code jdk.incubator.vector} module is present.
 */
final class VectorActivations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorActivations() {
    }

    /** In place: {@code a = 1 / (1 + exp(-a))}. */
    static void sigmoid(float[] a, int off, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, off + i);
            VectorFunctions.sigmoid(x).intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] = (float) (1.0 / (1.0 + Math.exp(-a[off + i])));
        }
    }

    /** {@code dst = tanh(src)}. */
    static void tanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            VectorFunctions.tanh(FloatVector.fromArray(S, src, sOff + i)).intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] = (float) Math.tanh(src[sOff + i]);
        }
    }
}
