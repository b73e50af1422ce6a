package org.sparkcast.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh over float vectors built only from operations whose results IEEE 754 fixes
 * exactly (add, multiply, fused multiply-add, divide, min/max, integer shifts, blends), so they give the
 * same bits whether the JIT has compiled them or not. The JDK's {@code lanewise(EXP/TANH)} does not: once
 * C2 intrinsifies it (Intel SVML) its last bit differs from the interpreted lanes, which made a retried
 * task or a resumed run drift from an uninterrupted one. Accuracy: exp within 2 ulp (Cephes {@code expf}
 * polynomial after Cody-Waite reduction), tanh within 3e-7 absolute, sigmoid within 2e-7 absolute.
 */
final class VectorFunctions {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude < 2^22 to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;
    /** Below this |x|, tanh uses its odd Taylor series (to x^11); above, 1 - 2 / (exp(2|x|) + 1). */
    private static final float TANH_SERIES = 0.3f;
    private static final float T3 = -1f / 3f;
    private static final float T5 = 2f / 15f;
    private static final float T7 = -17f / 315f;
    private static final float T9 = 62f / 2835f;
    private static final float T11 = -1382f / 155925f;

    private VectorFunctions() {
    }

    /** e^x; inputs are clamped to [-87, 88] (the normal float range of the result); NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-87f).min(88f);
        FloatVector t = xc.mul(LOG2E).add(ROUND);                        // n = round(x / ln 2) sits in t's low bits
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);    // r = x - n ln 2, in two parts
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(P0, P1);                                   // Horner: e^r ~ 1 + r + r^2 P(r)
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        p = p.fma(r.mul(r), r).add(1f);
        // 2^n = float bits (n + 127) << 23; t's bits are 0x4B400000 + n (no float-to-int conversion: C2 in
        // JDK 17 does not intrinsify convert(F2I) for every shape, and a boxed vector allocates)
        IntVector bits = t.reinterpretAsInts().add(127 - 0x4B400000).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());                        // times 2^n
    }

    /** 1 / (1 + e^-x). */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    /** tanh(x): an odd series near 0 (no cancellation), else 1 - 2 / (e^{2|x|} + 1) with the sign of x. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector x2 = x.mul(x);
        FloatVector q = x2.fma(T11, T9);
        q = q.fma(x2, FloatVector.broadcast(S, T7));
        q = q.fma(x2, FloatVector.broadcast(S, T5));
        q = q.fma(x2, FloatVector.broadcast(S, T3));
        FloatVector series = x.mul(x2).fma(q, x);
        FloatVector far = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        VectorMask<Float> negative = x.lt(0f);
        far = far.blend(far.neg(), negative);
        return far.blend(series, a.lt(TANH_SERIES));
    }
}
