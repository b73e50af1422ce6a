package org.sparkcast.engine;

/**
 * GRU, PyTorch semantics. Weight rows are three blocks of H, gates r, z, n:
 * <pre>
 * r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 * z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 * n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))     (reset applied after the recurrent product, b_hn included)
 * h' = (1 - z) * n + z * h
 * </pre>
 * Because r multiplies {@code W_hn h + b_hn}, the h-path pre-activations are kept apart ({@code preH})
 * and so are their gradients ({@code dPreH}). Cache per step: r, z, n in place of the x-path
 * pre-activations, and {@code preH} (its n block is read by backward).
 */
final class GruCell extends RecurrentDirection {
    private float[] preH = new float[0];

    GruCell(NetworkSpec spec, ParameterLayout layout, int layer, int direction, float[] params, float[] grads, Gemm gemm) {
        super(spec, layout, layer, direction, params, grads, gemm);
    }

    @Override
    protected boolean foldsRecurrentBias() {
        return false;
    }

    @Override
    protected void allocate(int rows, int batch) {
        preH = new float[rows * gh];
        dPreH = preH; // overwritten in place, like dPreX over pre: step t reads its cache, then writes gradients
    }

    @Override
    protected void stepForward(int t) {
        int g0 = t * batch * gh;
        // preH[t] = b_hh + h_{t-1} . W_hh^T
        for (int b = 0; b < batch; b++) {
            System.arraycopy(params, bHh, preH, g0 + b * gh, gh);
        }
        float[] hp = hPrevArray(t);
        int hpOff = hPrevOffset(t);
        int hpStride = hPrevStride(t);
        addRecurrentProduct(t, preH, g0);
        int hOff = hOffset(t);
        for (int b = 0; b < batch; b++) {
            int g = g0 + b * gh;
            if (Activations.KIND == Activations.Kind.VECTOR) {
                VectorCellRows.gruForward(hidden, pre, preH, g, hp, hpOff + b * hpStride, out, hOff + b * outStride);
                continue;
            }
            for (int j = 0; j < 2 * hidden; j++) {
                pre[g + j] += preH[g + j];                            // r, z pre-activations: x path + h path
            }
            Activations.sigmoid(pre, g, 2 * hidden);                  // r, z
            int n0 = g + 2 * hidden;
            for (int j = 0; j < hidden; j++) {
                pre[n0 + j] += pre[g + j] * preH[n0 + j];             // W_in x + b_in + r * (W_hn h + b_hn)
            }
            Activations.tanh(pre, n0, hidden);                        // n
            int hpRow = hpOff + b * hpStride;
            int hRow = hOff + b * outStride;
            for (int j = 0; j < hidden; j++) {
                float z = pre[g + hidden + j];
                out[hRow + j] = (1f - z) * pre[n0 + j] + z * hp[hpRow + j]; // h' = (1-z)*n + z*h
            }
        }
    }

    @Override
    protected void stepBackward(int t) {
        int g0 = t * batch * gh;
        float[] hp = hPrevArray(t);
        int hpOff = hPrevOffset(t);
        int hpStride = hPrevStride(t);
        for (int b = 0; b < batch; b++) {
            int g = g0 + b * gh;
            int hpRow = hpOff + b * hpStride;
            if (Activations.KIND == Activations.Kind.VECTOR) {
                VectorCellRows.gruBackward(hidden, pre, preH, g, hp, hpRow, dh, b * hidden, dPreX, dPreH, dhNext);
                continue;
            }
            for (int j = 0; j < hidden; j++) {
                int k = b * hidden + j;
                float r = pre[g + j];
                float z = pre[g + hidden + j];
                float n = pre[g + 2 * hidden + j];
                float hn = preH[g + 2 * hidden + j];              // W_hn h + b_hn
                float hPrev = hp[hpRow + j];
                float dhk = dh[k];
                float dAn = dhk * (1f - z) * (1f - n * n);        // through h' = (1-z)*n, then tanh
                float dAz = dhk * (hPrev - n) * z * (1f - z);     // through h' = ... + z*(h - n), then sigmoid
                float dAr = dAn * hn * r * (1f - r);              // through r * (W_hn h + b_hn), then sigmoid
                dPreX[g + j] = dAr;
                dPreX[g + hidden + j] = dAz;
                dPreX[g + 2 * hidden + j] = dAn;
                dPreH[g + j] = dAr;
                dPreH[g + hidden + j] = dAz;
                dPreH[g + 2 * hidden + j] = dAn * r;              // the reset gate scales the h path
                dhNext[k] = dhk * z;                              // the direct path z*h
            }
        }
    }
}
