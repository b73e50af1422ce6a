package org.sparkcast.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations} with the Vector API: whole vectors of the preferred width (16 floats with AVX-512),
 * the tail through {@link Math} in double. Loaded only when the {@code jdk.incubator.vector} module is present.
 *
 * <p>Two rules keep it exact and garbage-free. (1) exp is built only from operations IEEE 754 fixes
 * exactly (add, multiply, fused multiply-add, divide, min/max, integer shifts), so the bits do not depend
 * on whether the JIT has compiled the loop; the JDK's own {@code lanewise(EXP/TANH)} change their last bit
 * once C2 intrinsifies them (SVML), which broke bit-identical resumes. Cephes {@code expf} polynomial after
 * Cody-Waite reduction: within 1 ulp. (2) No vector crosses a method call: every vector is made and used
 * inside one loop body, so escape analysis removes it whatever C2 decides to inline (a vector-valued
 * helper that was not inlined boxed its vectors and allocated up to 590 KB per training step).
 */
final class VectorActivations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude < 2^22 to an integer, which then sits in the low bits. */
    private static final float ROUND = 12582912f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private VectorActivations() {
    }

    /** In place: {@code a = 1 / (1 + exp(-a))}. */
    static void sigmoid(float[] a, int off, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            // e = exp(-x), argument clamped to [-87, 88] (the normal float range of the result); NaN stays NaN
            FloatVector x = FloatVector.fromArray(S, a, off + i).neg().max(-87f).min(88f);
            FloatVector t = x.mul(LOG2E).add(ROUND);                        // k = round(x / ln 2) in t's low bits
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), x);     // r = x - k ln 2, in two parts
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(P0, P1);                                   // e^r ~ 1 + r + r^2 P(r)
            p = p.fma(r, FloatVector.broadcast(S, P2));
            p = p.fma(r, FloatVector.broadcast(S, P3));
            p = p.fma(r, FloatVector.broadcast(S, P4));
            p = p.fma(r, FloatVector.broadcast(S, P5));
            p = p.fma(r.mul(r), r).add(1f);
            // 2^k = float bits (k + 127) << 23; t's bits are 0x4B400000 + k (no float-to-int conversion, which
            // JDK 17's C2 does not intrinsify for every shape)
            IntVector bits = t.reinterpretAsInts().add(127 - 0x4B400000).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = p.mul(bits.reinterpretAsFloats());
            one.div(e.add(one)).intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] = (float) (1.0 / (1.0 + Math.exp(-a[off + i])));
        }
    }

    /** {@code dst = tanh(src)} as {@code 2 sigmoid(2 src) - 1}, in three passes (src and dst may be the same run). */
    static void tanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        scale(src, sOff, dst, dOff, n, 2f, 0f);
        sigmoid(dst, dOff, n);
        scale(dst, dOff, dst, dOff, n, 2f, -1f);
    }

    /** {@code dst = src * factor + shift}. */
    static void scale(float[] src, int sOff, float[] dst, int dOff, int n, float factor, float shift) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, src, sOff + i).mul(factor).add(shift).intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] = src[sOff + i] * factor + shift;
        }
    }
}
