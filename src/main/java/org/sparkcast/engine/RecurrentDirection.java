package org.sparkcast.engine;

import org.sparkcast.engine.Gemm.Transpose;

/**
 * One direction of one recurrent layer over a window: the work every cell shares. A cell subclass
 * supplies only the pointwise step ({@link #stepForward}, {@link #stepBackward}); this class does
 * the matrix products, all of them GEMMs over the batch:
 *
 * <pre>
 * forward:   pre[T*B][GH]   = in[T*B][in] . W_ih^T + b_ih (+ b_hh)     one GEMM for the whole window
 *            per step t:    cell step (adds h_{t-1} . W_hh^T, from a per-window copy of W_hh^T so the
 *                           product is a plain NN GEMM), writes h_t into out[t][b][d*H ..]
 * backward:  per step t (reversed): dh = dOut[t] + dhNext; cell step -> dPreX[t], dPreH[t];
 *                          dhNext += dPreH[t] . W_hh
 *            dW_ih += dPreX^T . in;  dW_hh += dPreH^T . h_prev;  db += column sums of dPre (gathered per step)
 *            dIn   += dPreX . W_ih;  dh0 = dhNext (and dc0 for LSTM)
 * </pre>
 *
 * Shapes are time-major: {@code in} is {@code [T][B][inWidth]}, {@code out} and {@code dOut} are
 * {@code [T][B][D*H]} with this direction's H columns at {@code d*H}. The reverse direction walks
 * {@code t = T-1 .. 0}. Work buffers grow to the largest window seen and are then reused: the
 * steady state allocates nothing.
 */
abstract class RecurrentDirection {
    protected final int hidden;
    protected final int gh;
    protected final int inWidth;
    protected final boolean reverse;
    protected final Gemm gemm;
    protected final float[] params;
    protected final float[] grads;
    /** Offsets of this direction's W_ih, W_hh, b_ih, b_hh in {@code params} and {@code grads}. */
    protected final int wIh, wHh, bIh, bHh;
    /** Layout of {@code out}: this direction's first column and the row stride {@code D*H}. */
    protected final int outCol, outStride;

    // The window being processed (set by forward, read by backward).
    protected int steps, batch;
    protected float[] in, out, h0, c0;
    protected int inOff, stateOff;

    /** [T][B][GH] x-path pre-activations; the cell overwrites them with what backward needs. */
    protected float[] pre = new float[0];
    /**
     * [T][B][GH] gradient w.r.t. the x-path pre-activations: the same array as {@code pre}. Backward
     * step t reads the cached gates of step t and then overwrites them with their gradients, so a
     * window's activation memory is one [T][B][GH] buffer, not two (and half the memory traffic).
     */
    protected float[] dPreX = pre;
    /** [T][B][GH] gradient w.r.t. the h-path pre-activations; the same array as dPreX unless the cell separates them. */
    protected float[] dPreH = dPreX;
    /** [B][H] gradient arriving at h_t, and the gradient flowing on to h_{t-1}. */
    protected float[] dh = new float[0], dhNext = new float[0];
    /** [GH] the bias added to every row of pre; [GH] one window's column sums of dPreX and dPreH; [H][GH] W_hh^T. */
    private final float[] bias, biasGradX, biasGradH, wHhT;
    private int capacityRows, capacityBatch;

    RecurrentDirection(NetworkSpec spec, ParameterLayout layout, int layer, int direction,
                       float[] params, float[] grads, Gemm gemm) {
        this.hidden = spec.hiddenSize();
        this.gh = spec.cell().gates() * hidden;
        this.inWidth = spec.layerInputSize(layer);
        this.reverse = direction == 1;
        this.gemm = gemm;
        this.params = params;
        this.grads = grads;
        this.wIh = layout.weightIh(layer, direction).offset();
        this.wHh = layout.weightHh(layer, direction).offset();
        this.bIh = layout.biasIh(layer, direction).offset();
        this.bHh = layout.biasHh(layer, direction).offset();
        this.outCol = direction * hidden;
        this.outStride = spec.directions() * hidden;
        this.bias = new float[gh];
        this.biasGradX = new float[gh];
        this.biasGradH = new float[gh];
        this.wHhT = new float[hidden * gh];
    }

    /** Whether b_hh is added once to the x-path pre-activations (true unless the cell needs W_hn h + b_hn apart). */
    protected abstract boolean foldsRecurrentBias();

    /** Step t of the forward pass: reads pre[t] and h_{t-1}, writes h_t (and the cache for backward). */
    protected abstract void stepForward(int t);

    /** Step t of the backward pass: reads dh and the cache, writes dPreX[t], dPreH[t] and the direct part of dhNext. */
    protected abstract void stepBackward(int t);

    /** Grows cell-specific buffers to {@code rows = T*B} rows of a batch of {@code batch}. */
    protected void allocate(int rows, int batch) {
    }

    /** Clears cell-specific backward carries (LSTM: dc) before the reversed time loop. */
    protected void resetBackwardCarry() {
    }

    /** Writes cell-specific initial-state gradients (LSTM: dc0) at {@code stateOff}. */
    protected void writeInitialCellGradient(float[] dc0) {
    }

    /** Copies the cell state after the direction's last step (LSTM only). */
    protected void copyFinalCell(float[] c) {
    }

    /**
     * Runs the direction over a window.
     *
     * @param in       read: {@code [T][B][inWidth]} from {@code inOff}
     * @param h0       read: initial hidden states {@code [B][H]} at {@code stateOff}
     * @param c0       read: initial cell states (LSTM), else unused
     * @param out      written: this direction's columns of {@code [T][B][D*H]}
     */
    final void forward(int steps, int batch, float[] in, int inOff, float[] h0, float[] c0, int stateOff, float[] out) {
        ensureCapacity(steps * batch, batch);
        this.steps = steps;
        this.batch = batch;
        this.in = in;
        this.inOff = inOff;
        this.h0 = h0;
        this.c0 = c0;
        this.stateOff = stateOff;
        this.out = out;
        int rows = steps * batch;
        // pre = b_ih (+ b_hh) in every row, then += in . W_ih^T: the input projection of every step in one GEMM
        for (int j = 0; j < gh; j++) {
            bias[j] = foldsRecurrentBias() ? params[bIh + j] + params[bHh + j] : params[bIh + j];
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, pre, r * gh, gh);
        }
        gemm.gemm(Transpose.NO, Transpose.YES, rows, gh, inWidth, 1f, in, inOff, inWidth, params, wIh, inWidth, 1f, pre, 0, gh);
        // W_hh^T [H][GH], once per window, so that every step's recurrent product is a plain (NN) GEMM
        for (int r = 0; r < gh; r++) {
            for (int j = 0; j < hidden; j++) {
                wHhT[j * gh + r] = params[wHh + r * hidden + j];
            }
        }
        for (int s = 0; s < steps; s++) {
            stepForward(reverse ? steps - 1 - s : s);
        }
    }

    /**
     * Backpropagates through the window last run by {@link #forward}, accumulating into the gradient array.
     *
     * @param dOut read: gradient w.r.t. {@code out} ({@code [T][B][D*H]}, this direction's columns)
     * @param dIn  accumulated: gradient w.r.t. {@code in} ({@code [T][B][inWidth]} from 0); null when not wanted
     *             (the network's first layer under {@link RecurrentNetwork.InputGradient#SKIP})
     * @param dh0  written: gradient w.r.t. the initial hidden state at {@code stateOff}
     * @param dc0  written: gradient w.r.t. the initial cell state (LSTM), else unused
     */
    final void backward(float[] dOut, float[] dIn, float[] dh0, float[] dc0) {
        int bh = batch * hidden;
        java.util.Arrays.fill(dhNext, 0, bh, 0f);
        java.util.Arrays.fill(biasGradX, 0f);
        java.util.Arrays.fill(biasGradH, 0f);
        resetBackwardCarry();
        for (int s = steps - 1; s >= 0; s--) {
            int t = reverse ? steps - 1 - s : s;
            int o = hOffset(t);
            for (int b = 0; b < batch; b++) {
                addRow(dOut, o + b * outStride, dhNext, b * hidden, dh, b * hidden); // dh = dOut[t] + dhNext
            }
            stepBackward(t);
            addColumnSums(dPreX, t, biasGradX); // db += column sums of dPre[t], while the block is in cache
            if (dPreH != dPreX) {
                addColumnSums(dPreH, t, biasGradH);
            }
            // backprop through h_{t-1} . W_hh^T: dhNext += dPreH[t] . W_hh
            gemm.gemm(Transpose.NO, Transpose.NO, batch, hidden, gh, 1f, dPreH, t * batch * gh, gh,
                    params, wHh, hidden, 1f, dhNext, 0, hidden);
        }
        System.arraycopy(dhNext, 0, dh0, stateOff, bh);
        writeInitialCellGradient(dc0);
        accumulateWeightGradients(dIn);
    }

    private void accumulateWeightGradients(float[] dIn) {
        int rows = steps * batch;
        // dW_ih += dPreX^T . in
        gemm.gemm(Transpose.YES, Transpose.NO, gh, inWidth, rows, 1f, dPreX, 0, gh, in, inOff, inWidth, 1f, grads, wIh, inWidth);
        // dW_hh += dPreH^T . h_prev: the first step reads h0, the others read out one step back
        int first = reverse ? steps - 1 : 0;
        gemm.gemm(Transpose.YES, Transpose.NO, gh, hidden, batch, 1f, dPreH, first * batch * gh, gh,
                h0, stateOff, hidden, 1f, grads, wHh, hidden);
        if (steps > 1) {
            int dRow = reverse ? 0 : batch * gh;
            int hRow = reverse ? outCol + batch * outStride : outCol;
            gemm.gemm(Transpose.YES, Transpose.NO, gh, hidden, (steps - 1) * batch, 1f, dPreH, dRow, gh,
                    out, hRow, outStride, 1f, grads, wHh, hidden);
        }
        // db_ih, db_hh: the column sums gathered step by step (the same sums unless the cell separates dPreH)
        float[] sumsH = dPreH != dPreX ? biasGradH : biasGradX;
        for (int j = 0; j < gh; j++) {
            grads[bIh + j] += biasGradX[j];
            grads[bHh + j] += sumsH[j];
        }
        if (dIn != null) {
            // dIn += dPreX . W_ih
            gemm.gemm(Transpose.NO, Transpose.NO, rows, inWidth, gh, 1f, dPreX, 0, gh, params, wIh, inWidth, 1f, dIn, 0, inWidth);
        }
    }

    /** Copies h after the direction's last step (t = T-1 forward, t = 0 reverse) to {@code h} at {@code stateOff}. */
    final void copyFinalState(float[] h, float[] c) {
        int o = hOffset(reverse ? 0 : steps - 1);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(out, o + b * outStride, h, stateOff + b * hidden, hidden);
        }
        copyFinalCell(c);
    }

    // ---- helpers for the cells ----

    /** {@code dst[t] += h_{t-1} . W_hh^T}: {@code [B][GH]} at {@code dstOff}, from the window's copy of W_hh^T. */
    protected final void addRecurrentProduct(int t, float[] dst, int dstOff) {
        gemm.gemm(Transpose.NO, Transpose.NO, batch, gh, hidden, 1f, hPrevArray(t), hPrevOffset(t), hPrevStride(t),
                wHhT, 0, gh, 1f, dst, dstOff, gh);
    }

    /** Whether t is the first step this direction processes (its h_{t-1} is h0). */
    protected final boolean isFirst(int t) {
        return reverse ? t == steps - 1 : t == 0;
    }

    /** The step processed just before t. */
    protected final int prevStep(int t) {
        return reverse ? t + 1 : t - 1;
    }

    /** Offset of h_t's row block in {@code out} (row stride {@link #outStride}). */
    protected final int hOffset(int t) {
        return outCol + t * batch * outStride;
    }

    protected final float[] hPrevArray(int t) {
        return isFirst(t) ? h0 : out;
    }

    protected final int hPrevOffset(int t) {
        return isFirst(t) ? stateOff : hOffset(prevStep(t));
    }

    protected final int hPrevStride(int t) {
        return isFirst(t) ? hidden : outStride;
    }

    /** {@code sums[j] += sum over b of d[t][b][j]}. */
    private void addColumnSums(float[] d, int t, float[] sums) {
        int o = t * batch * gh;
        for (int b = 0; b < batch; b++, o += gh) {
            if (Activations.KIND == Activations.Kind.VECTOR) {
                VectorCellRows.add(gh, d, o, sums, 0, sums, 0);
            } else {
                for (int j = 0; j < gh; j++) {
                    sums[j] += d[o + j];
                }
            }
        }
    }

    private void addRow(float[] x, int xo, float[] y, int yo, float[] dst, int d) {
        if (Activations.KIND == Activations.Kind.VECTOR) {
            VectorCellRows.add(hidden, x, xo, y, yo, dst, d);
        } else {
            for (int j = 0; j < hidden; j++) {
                dst[d + j] = x[xo + j] + y[yo + j];
            }
        }
    }

    private void ensureCapacity(int rows, int batch) {
        if (rows <= capacityRows && batch <= capacityBatch) {
            return;
        }
        capacityRows = Math.max(rows, capacityRows);
        capacityBatch = Math.max(batch, capacityBatch);
        pre = new float[capacityRows * gh];
        dPreX = pre;
        dPreH = pre;
        dh = new float[capacityBatch * hidden];
        dhNext = new float[capacityBatch * hidden];
        allocate(capacityRows, capacityBatch);
    }
}
