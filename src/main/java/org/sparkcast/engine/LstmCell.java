package org.sparkcast.engine;

/**
 * LSTM, PyTorch semantics. Weight rows are four blocks of H, gates i, f, g, o:
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)      f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)         o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 * c' = f * c + i * g                              h' = o * tanh(c')
 * </pre>
 * Both biases simply add, so b_hh is folded into the input projection. Cache per step: the
 * activated gates (in place of the pre-activations), c and tanh(c).
 */
final class LstmCell extends RecurrentDirection {
    private float[] c = new float[0];
    private float[] tanhC = new float[0];
    private float[] dcNext = new float[0];

    LstmCell(NetworkSpec spec, ParameterLayout layout, int layer, int direction, float[] params, float[] grads, Gemm gemm) {
        super(spec, layout, layer, direction, params, grads, gemm);
    }

    @Override
    protected boolean foldsRecurrentBias() {
        return true;
    }

    @Override
    protected void allocate(int rows, int batch) {
        c = new float[rows * hidden];
        tanhC = new float[rows * hidden];
        dcNext = new float[batch * hidden];
    }

    @Override
    protected void stepForward(int t) {
        int g0 = t * batch * gh;
        // gates = pre[t] + h_{t-1} . W_hh^T
        addRecurrentProduct(t, pre, g0);
        float[] cPrev = isFirst(t) ? c0 : c;
        int cPrevOff = isFirst(t) ? stateOff : prevStep(t) * batch * hidden;
        int cOff = t * batch * hidden;
        int hOff = hOffset(t);
        for (int b = 0; b < batch; b++) {
            int g = g0 + b * gh;
            int k0 = cOff + b * hidden;
            int p0 = cPrevOff + b * hidden;
            int hRow = hOff + b * outStride;
            if (Activations.KIND == Activations.Kind.VECTOR) {
                VectorCellRows.lstmForward(hidden, pre, g, cPrev, p0, c, tanhC, k0, out, hRow);
                continue;
            }
            Activations.sigmoid(pre, g, 2 * hidden);             // i, f (blocks 0, 1)
            Activations.tanh(pre, g + 2 * hidden, hidden);       // g
            Activations.sigmoid(pre, g + 3 * hidden, hidden);    // o
            for (int j = 0; j < hidden; j++) {
                c[k0 + j] = pre[g + hidden + j] * cPrev[p0 + j] + pre[g + j] * pre[g + 2 * hidden + j]; // c' = f*c + i*g
            }
            Activations.tanh(c, k0, tanhC, k0, hidden);
            for (int j = 0; j < hidden; j++) {
                out[hRow + j] = pre[g + 3 * hidden + j] * tanhC[k0 + j]; // h' = o * tanh(c')
            }
        }
    }

    @Override
    protected void resetBackwardCarry() {
        java.util.Arrays.fill(dcNext, 0, batch * hidden, 0f);
    }

    @Override
    protected void stepBackward(int t) {
        int g0 = t * batch * gh;
        float[] cPrev = isFirst(t) ? c0 : c;
        int cPrevOff = isFirst(t) ? stateOff : prevStep(t) * batch * hidden;
        int cOff = t * batch * hidden;
        java.util.Arrays.fill(dhNext, 0, batch * hidden, 0f); // h_{t-1} reaches h_t only through the gates
        for (int b = 0; b < batch; b++) {
            int g = g0 + b * gh;
            int k = b * hidden;
            if (Activations.KIND == Activations.Kind.VECTOR) {
                VectorCellRows.lstmBackward(hidden, pre, g, tanhC, cOff + k, cPrev, cPrevOff + k, dh, dcNext, k, dPreX);
                continue;
            }
            for (int j = 0; j < hidden; j++, k++) {
                float i = pre[g + j];
                float f = pre[g + hidden + j];
                float gg = pre[g + 2 * hidden + j];
                float o = pre[g + 3 * hidden + j];
                float tc = tanhC[cOff + k];
                float dhk = dh[k];
                float dO = dhk * tc;                                // h = o * tanh(c)
                float dc = dcNext[k] + dhk * o * (1f - tc * tc);    // backprop through tanh(c), plus the carry
                dcNext[k] = dc * f;                                 // c' = f*c + ...
                dPreX[g + j] = dc * gg * i * (1f - i);              // through sigmoid(i)
                dPreX[g + hidden + j] = dc * cPrev[cPrevOff + k] * f * (1f - f);
                dPreX[g + 2 * hidden + j] = dc * i * (1f - gg * gg); // through tanh(g)
                dPreX[g + 3 * hidden + j] = dO * o * (1f - o);
            }
        }
    }

    @Override
    protected void writeInitialCellGradient(float[] dc0) {
        System.arraycopy(dcNext, 0, dc0, stateOff, batch * hidden);
    }

    @Override
    protected void copyFinalCell(float[] cDst) {
        int t = reverse ? 0 : steps - 1;
        System.arraycopy(c, t * batch * hidden, cDst, stateOff, batch * hidden);
    }
}
