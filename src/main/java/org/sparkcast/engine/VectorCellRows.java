package org.sparkcast.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cells' pointwise math for one batch row of H units, with the Vector API (whole vectors, then a
 * scalar tail), each step fused into one pass. Each method restates the scalar loop it replaces in its cell; the
 * cells call these only when {@link Activations#KIND} is {@link Activations.Kind#VECTOR}, so this
 * class loads only where the {@code jdk.incubator.vector} module is present. Arrays named
 * {@code d*} are written, the rest read; {@code n} = H.
 */
final class VectorCellRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorCellRows() {
    }

    /**
     * LSTM forward: pre-activations {@code i, f, g, o} at {@code gates[g ..]} are replaced by the
     * activated gates; writes {@code c[k]}, {@code tanhC[k]} and {@code h[hRow]}:
     * <pre>
     * i, f, o = sigmoid(.)   g = tanh(.)   c' = f * c + i * g   h' = o * tanh(c')
     * </pre>
     */
    static void lstmForward(int n, float[] gates, int g, float[] cPrev, int p, float[] c, float[] tanhC, int k,
                            float[] h, int hRow) {
        // array passes only (tanh(x) = 2 sigmoid(2x) - 1): no vector crosses a call, so nothing is boxed
        VectorActivations.scale(gates, g + 2 * n, gates, g + 2 * n, n, 2f, 0f);
        VectorActivations.sigmoid(gates, g, 4 * n);                 // i, f, sigmoid(2g), o
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, g + j);
            FloatVector f = FloatVector.fromArray(S, gates, g + n + j);
            FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * n + j).mul(2f).sub(1f); // g = tanh
            gg.intoArray(gates, g + 2 * n + j);
            FloatVector cv = f.fma(FloatVector.fromArray(S, cPrev, p + j), i.mul(gg)); // c' = f * c + i * g
            cv.intoArray(c, k + j);
            cv.mul(2f).intoArray(tanhC, k + j);
        }
        for (; j < n; j++) {
            float gg = gates[g + 2 * n + j] * 2f - 1f;
            gates[g + 2 * n + j] = gg;
            c[k + j] = gates[g + n + j] * cPrev[p + j] + gates[g + j] * gg;
            tanhC[k + j] = c[k + j] * 2f;
        }
        VectorActivations.sigmoid(tanhC, k, n);                     // sigmoid(2c')
        j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector tc = FloatVector.fromArray(S, tanhC, k + j).mul(2f).sub(1f); // tanh(c')
            tc.intoArray(tanhC, k + j);
            FloatVector.fromArray(S, gates, g + 3 * n + j).mul(tc).intoArray(h, hRow + j); // h' = o * tanh(c')
        }
        for (; j < n; j++) {
            tanhC[k + j] = tanhC[k + j] * 2f - 1f;
            h[hRow + j] = gates[g + 3 * n + j] * tanhC[k + j];
        }
    }

    /**
     * GRU forward: x-path pre-activations at {@code gates[g ..]} are replaced by {@code r, z, n};
     * {@code preH[g ..]} holds {@code W_hh h + b_hh}; writes {@code h[hRow]}:
     * <pre>
     * r, z = sigmoid(x path + h path)   n = tanh(x path + r * (W_hn h + b_hn))   h' = (1 - z) * n + z * h
     * </pre>
     */
    static void gruForward(int n, float[] gates, float[] preH, int g, float[] hPrev, int hp, float[] h, int hRow) {
        // array passes only: no vector crosses a call, so nothing is boxed whatever C2 inlines
        add(2 * n, gates, g, preH, g, gates, g);                    // r, z pre-activations: x path + h path
        VectorActivations.sigmoid(gates, g, 2 * n);                 // r, z
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector.fromArray(S, gates, g + j)
                    .fma(FloatVector.fromArray(S, preH, g + 2 * n + j), FloatVector.fromArray(S, gates, g + 2 * n + j))
                    .intoArray(gates, g + 2 * n + j);               // x path + r * (W_hn h + b_hn)
        }
        for (; j < n; j++) {
            gates[g + 2 * n + j] = gates[g + 2 * n + j] + gates[g + j] * preH[g + 2 * n + j];
        }
        VectorActivations.tanh(gates, g + 2 * n, gates, g + 2 * n, n); // n
        j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, gates, g + n + j);
            FloatVector nv = FloatVector.fromArray(S, gates, g + 2 * n + j);
            FloatVector hv = FloatVector.fromArray(S, hPrev, hp + j);
            z.fma(hv.sub(nv), nv).intoArray(h, hRow + j); // (1-z)*n + z*h = n + z*(h - n)
        }
        for (; j < n; j++) {
            float z = gates[g + n + j];
            float nn = gates[g + 2 * n + j];
            h[hRow + j] = (1f - z) * nn + z * hPrev[hp + j];
        }
    }

    /** {@code dst[d ..] = x[xo ..] + y[yo ..]} over n values (the gradient arriving at h_t; column sums). */
    static void add(int n, float[] x, int xo, float[] y, int yo, float[] dst, int d) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector.fromArray(S, x, xo + j).add(FloatVector.fromArray(S, y, yo + j)).intoArray(dst, d + j);
        }
        for (; j < n; j++) {
            dst[d + j] = x[xo + j] + y[yo + j];
        }
    }

    /**
     * LSTM, gates {@code i, f, g, o} at {@code gates[g ..]} (blocks of n), tanh(c) at {@code tanhC[k]},
     * the incoming {@code dh[kd]} and carried {@code dc[kd]} (read, then overwritten with dc * f):
     * <pre>
     * dc = dcNext + dh * o * (1 - tanh(c)^2)        dcNext = dc * f
     * dI = dc * g * i(1-i)   dF = dc * c_prev * f(1-f)   dG = dc * i * (1-g^2)   dO = dh * tanh(c) * o(1-o)
     * </pre>
     */
    static void lstmBackward(int n, float[] gates, int g, float[] tanhC, int k, float[] cPrev, int p,
                             float[] dh, float[] dc, int kd, float[] dGates) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, g + j);
            FloatVector f = FloatVector.fromArray(S, gates, g + n + j);
            FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * n + j);
            FloatVector o = FloatVector.fromArray(S, gates, g + 3 * n + j);
            FloatVector tc = FloatVector.fromArray(S, tanhC, k + j);
            FloatVector dhv = FloatVector.fromArray(S, dh, kd + j);
            FloatVector dcv = dhv.mul(o).mul(tc.fma(tc.neg(), one)).add(FloatVector.fromArray(S, dc, kd + j));
            dcv.mul(f).intoArray(dc, kd + j);
            dcv.mul(gg).mul(i.fma(i.neg(), i)).intoArray(dGates, g + j);
            dcv.mul(FloatVector.fromArray(S, cPrev, p + j)).mul(f.fma(f.neg(), f)).intoArray(dGates, g + n + j);
            dcv.mul(i).mul(gg.fma(gg.neg(), one)).intoArray(dGates, g + 2 * n + j);
            dhv.mul(tc).mul(o.fma(o.neg(), o)).intoArray(dGates, g + 3 * n + j);
        }
        for (; j < n; j++) {
            float i = gates[g + j], f = gates[g + n + j], gg = gates[g + 2 * n + j], o = gates[g + 3 * n + j];
            float tc = tanhC[k + j];
            float dcj = dc[kd + j] + dh[kd + j] * o * (1f - tc * tc);
            dc[kd + j] = dcj * f;
            dGates[g + j] = dcj * gg * i * (1f - i);
            dGates[g + n + j] = dcj * cPrev[p + j] * f * (1f - f);
            dGates[g + 2 * n + j] = dcj * i * (1f - gg * gg);
            dGates[g + 3 * n + j] = dh[kd + j] * tc * o * (1f - o);
        }
    }

    /**
     * GRU, gates {@code r, z, n} at {@code gates[g ..]}, {@code W_hn h + b_hn} at {@code preH[g + 2n ..]},
     * h_{t-1} at {@code hPrev[hp]}:
     * <pre>
     * dAn = dh (1-z)(1-n^2)   dAz = dh (h_prev - n) z(1-z)   dAr = dAn (W_hn h + b_hn) r(1-r)
     * dX = [dAr, dAz, dAn]    dH = [dAr, dAz, dAn * r]       dhNext = dh * z
     * </pre>
     */
    static void gruBackward(int n, float[] gates, float[] preH, int g, float[] hPrev, int hp,
                            float[] dh, int kd, float[] dX, float[] dH, float[] dhNext) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector r = FloatVector.fromArray(S, gates, g + j);
            FloatVector z = FloatVector.fromArray(S, gates, g + n + j);
            FloatVector nv = FloatVector.fromArray(S, gates, g + 2 * n + j);
            FloatVector hn = FloatVector.fromArray(S, preH, g + 2 * n + j);
            FloatVector h = FloatVector.fromArray(S, hPrev, hp + j);
            FloatVector dhv = FloatVector.fromArray(S, dh, kd + j);
            FloatVector dAn = dhv.sub(dhv.mul(z)).mul(nv.fma(nv.neg(), one));
            FloatVector dAz = dhv.mul(h.sub(nv)).mul(z.fma(z.neg(), z));
            FloatVector dAr = dAn.mul(hn).mul(r.fma(r.neg(), r));
            dAr.intoArray(dX, g + j);
            dAz.intoArray(dX, g + n + j);
            dAn.intoArray(dX, g + 2 * n + j);
            dAr.intoArray(dH, g + j);
            dAz.intoArray(dH, g + n + j);
            dAn.mul(r).intoArray(dH, g + 2 * n + j);
            dhv.mul(z).intoArray(dhNext, kd + j);
        }
        for (; j < n; j++) {
            float r = gates[g + j], z = gates[g + n + j], nn = gates[g + 2 * n + j];
            float d = dh[kd + j];
            float dAn = d * (1f - z) * (1f - nn * nn);
            float dAz = d * (hPrev[hp + j] - nn) * z * (1f - z);
            float dAr = dAn * preH[g + 2 * n + j] * r * (1f - r);
            dX[g + j] = dAr;
            dX[g + n + j] = dAz;
            dX[g + 2 * n + j] = dAn;
            dH[g + j] = dAr;
            dH[g + n + j] = dAz;
            dH[g + 2 * n + j] = dAn * r;
            dhNext[kd + j] = d * z;
        }
    }
}
