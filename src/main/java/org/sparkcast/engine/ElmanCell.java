package org.sparkcast.engine;

/**
 * Elman RNN, PyTorch semantics: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with act = tanh
 * ({@link CellType#RNN_TANH}) or relu ({@link CellType#RNN_RELU}; its derivative is 0 at 0, as in
 * PyTorch). Backward needs only h' itself, which is already in the output.
 */
final class ElmanCell extends RecurrentDirection {
    private final boolean relu;

    ElmanCell(NetworkSpec spec, ParameterLayout layout, int layer, int direction, float[] params, float[] grads, Gemm gemm) {
        super(spec, layout, layer, direction, params, grads, gemm);
        this.relu = spec.cell() == CellType.RNN_RELU;
    }

    @Override
    protected boolean foldsRecurrentBias() {
        return true;
    }

    @Override
    protected void stepForward(int t) {
        int g0 = t * batch * gh;
        // a = pre[t] + h_{t-1} . W_hh^T
        addRecurrentProduct(t, pre, g0);
        int hOff = hOffset(t);
        for (int b = 0; b < batch; b++) {
            if (relu) {
                for (int j = 0; j < hidden; j++) {
                    out[hOff + b * outStride + j] = Math.max(pre[g0 + b * gh + j], 0f);
                }
            } else {
                Activations.tanh(pre, g0 + b * gh, out, hOff + b * outStride, hidden);
            }
        }
    }

    @Override
    protected void stepBackward(int t) {
        int g0 = t * batch * gh;
        int hOff = hOffset(t);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hidden; j++) {
                int k = b * hidden + j;
                float h = out[hOff + b * outStride + j];
                float slope = relu ? (h > 0f ? 1f : 0f) : 1f - h * h; // backprop through relu / tanh
                dPreX[g0 + b * gh + j] = dh[k] * slope;
                dhNext[k] = 0f;
            }
        }
    }
}
