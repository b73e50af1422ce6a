package org.sparkcast.engine;

import java.util.Arrays;
import org.sparkcast.engine.Gemm.Transpose;

/**
 * A stack of recurrent layers and a linear head, forward and backward over one window.
 *
 * <pre>
 * x [T][B][I] --layer 0--> out_0 [T][B][H*D] --layer 1--> ... out_{L-1} --head--> prediction
 * prediction [T][B][O] (MSE over all steps) or [B][O] from out_{L-1}[T-1] (MSE at the last step)
 * </pre>
 *
 * Lifecycle of one window: {@link #zeroGrad()} (explicit; gradients accumulate otherwise),
 * {@link #forward}, {@link #loss}, {@link #backward}. Misuse is refused with a message. Parameters
 * and gradients are two flat arrays in {@link ParameterLayout} order; both are live.
 */
public final class RecurrentNetwork {
    /**
     * Whether backward computes the gradient w.r.t. the network's input ({@code dX = dPre_0 . W_ih_0}, one
     * GEMM of {@code [T*B x G*H] . [G*H x I]} per direction). Training never needs it (the inputs are
     * data); parity tests and input-sensitivity analyses do.
     */
    public enum InputGradient { COMPUTE, SKIP }

    private final NetworkSpec spec;
    private final ParameterLayout layout;
    private final float[] params;
    private final float[] grads;
    private final Gemm gemm;
    private final RecurrentDirection[][] cells;
    private final int headW;
    private final int headB;
    private final InputGradient inputGradient;

    private int steps;
    private int batch;
    private int capacityRows;
    private float[][] layerOut = new float[0][];
    private float[][] dLayerOut = new float[0][];
    private float[] dInput = new float[0];
    private float[] prediction = new float[0];
    private float[] dPrediction = new float[0];
    private RecurrentState initialGrad;
    private float[] lastInput;
    private int lastInputOff;
    private boolean forwardDone;
    private boolean lossDone;

    /** A network with all parameters zero that also computes the input gradient; see {@link TorchInitializer}. */
    public RecurrentNetwork(NetworkSpec spec, Gemm gemm) {
        this(spec, gemm, InputGradient.COMPUTE);
    }

    /** A network with all parameters zero; see {@link TorchInitializer} for PyTorch's initialisation. */
    public RecurrentNetwork(NetworkSpec spec, Gemm gemm, InputGradient inputGradient) {
        this.spec = spec;
        this.inputGradient = java.util.Objects.requireNonNull(inputGradient, "inputGradient");
        this.layout = new ParameterLayout(spec);
        this.params = new float[layout.size()];
        this.grads = new float[layout.size()];
        this.gemm = gemm;
        this.cells = new RecurrentDirection[spec.layers()][spec.directions()];
        for (int l = 0; l < spec.layers(); l++) {
            for (int d = 0; d < spec.directions(); d++) {
                cells[l][d] = switch (spec.cell()) {
                    case LSTM -> new LstmCell(spec, layout, l, d, params, grads, gemm);
                    case GRU -> new GruCell(spec, layout, l, d, params, grads, gemm);
                    case RNN_TANH, RNN_RELU -> new ElmanCell(spec, layout, l, d, params, grads, gemm);
                };
            }
        }
        this.headW = layout.headWeight().offset();
        this.headB = layout.headBias().offset();
    }

    public NetworkSpec spec() { return spec; }
    public ParameterLayout layout() { return layout; }
    /** The parameter vector (live). */
    public float[] parameters() { return params; }
    /** The gradient vector, same layout (live). */
    public float[] gradients() { return grads; }
    public Gemm gemm() { return gemm; }

    /** Sets every gradient to zero; gradients of successive backward passes accumulate otherwise. */
    public void zeroGrad() {
        Arrays.fill(grads, 0f);
    }

    /**
     * Runs the window {@code x[xOff ..]}, {@code [T][B][I]} time-major, from {@code initial}; writes the
     * state after the last step into {@code finalState} (a separate object: backward still reads the
     * initial state). Both states must be for {@code batch} lanes.
     */
    public void forward(float[] x, int xOff, int steps, int batch, RecurrentState initial, RecurrentState finalState) {
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException("window must have steps >= 1 and batch >= 1, got [" + steps + " x " + batch + "]");
        }
        long need = (long) steps * batch * spec.inputSize();
        if (xOff < 0 || xOff + need > x.length) {
            throw new IllegalArgumentException("input [" + steps + " x " + batch + " x " + spec.inputSize() + "] at offset "
                    + xOff + " does not fit an array of " + x.length);
        }
        checkState("initial", initial, batch);
        checkState("final", finalState, batch);
        if (initial == finalState) {
            throw new IllegalArgumentException("initial and final state must be different objects (backward reads the initial state)");
        }
        ensureCapacity(steps, batch);
        this.lastInput = x;
        this.lastInputOff = xOff;
        this.steps = steps;
        this.batch = batch;
        float[] in = x;
        int inOff = xOff;
        for (int l = 0; l < spec.layers(); l++) {
            for (int d = 0; d < spec.directions(); d++) {
                int slot = initial.offset(l * spec.directions() + d);
                cells[l][d].forward(steps, batch, in, inOff, initial.h(), initial.c(), slot, layerOut[l]);
                cells[l][d].copyFinalState(finalState.h(), finalState.c());
            }
            in = layerOut[l];
            inOff = 0;
        }
        // prediction = top . W_head^T + b_head, over all steps or the last step only
        int rows = headRows();
        int dh = spec.hiddenSize() * spec.directions();
        int o = spec.outputSize();
        gemm.gemm(Transpose.NO, Transpose.YES, rows, o, dh, 1f, layerOut[spec.layers() - 1], headInputOffset(), dh,
                params, headW, dh, 0f, prediction, 0, o);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < o; j++) {
                prediction[r * o + j] += params[headB + j];
            }
        }
        forwardDone = true;
        lossDone = false;
    }

    /**
     * Mean squared error of the last forward against {@code target[targetOff ..]}: {@code [T][B][O]}
     * for {@link LossKind#MSE_ALL_STEPS}, {@code [B][O]} for {@link LossKind#MSE_LAST_STEP}. Also
     * prepares backward's starting gradient {@code d loss / d prediction = 2 (prediction - target) / N}.
     */
    public float loss(float[] target, int targetOff) {
        return loss(target, targetOff, null, 0);
    }

    /**
     * As {@link #loss(float[], int)}, counting only the predictions whose {@code mask} weight is 1:
     * {@code mask[maskOff ..]} is {@code [T][B]} (all steps) or {@code [B]} (last step) of 0/1 values,
     * and the loss is the mean over the O outputs of the unmasked rows, {@code N = O * sum(mask)}.
     * Masked rows (a lane's ragged end, padding) get no gradient; with no unmasked row the loss is 0.
     * A null mask counts every row.
     */
    public float loss(float[] target, int targetOff, float[] mask, int maskOff) {
        if (!forwardDone) {
            throw new IllegalStateException("must forward before computing the loss");
        }
        int rows = headRows();
        int o = spec.outputSize();
        int n = rows * o;
        if (targetOff < 0 || targetOff + n > target.length) {
            throw new IllegalArgumentException("target of " + n + " values at offset " + targetOff
                    + " does not fit an array of " + target.length + " (" + spec.loss() + ")");
        }
        if (mask != null && (maskOff < 0 || maskOff + rows > mask.length)) {
            throw new IllegalArgumentException("mask of " + rows + " rows at offset " + maskOff
                    + " does not fit an array of " + mask.length + " (" + spec.loss() + ")");
        }
        double counted = mask == null ? rows : 0;
        for (int r = 0; mask != null && r < rows; r++) {
            counted += mask[maskOff + r];
        }
        double sum = 0;
        float scale = counted > 0 ? (float) (2.0 / (counted * o)) : 0f;
        for (int r = 0; r < rows; r++) {
            float weight = mask == null ? 1f : mask[maskOff + r];
            for (int j = 0; j < o; j++) {
                int i = r * o + j;
                float e = weight * (prediction[i] - target[targetOff + i]);
                sum += (double) e * e;
                dPrediction[i] = scale * e;
            }
        }
        lossDone = true;
        return counted > 0 ? (float) (sum / (counted * o)) : 0f;
    }

    /**
     * The direct multi-horizon loss of the last forward ({@link HorizonLoss}): every step's head output is the next
     * H steps of every target (x quantiles); {@code labels} and {@code mask} are {@code [T][B][H*Y]} from
     * {@code labelOff}. Needs a head over all steps whose size is {@code objective.outputs()}. Prepares backward.
     */
    public float loss(HorizonLoss objective, float[] labels, float[] mask, int labelOff) {
        if (!forwardDone) {
            throw new IllegalStateException("must forward before computing the loss");
        }
        if (spec.loss() != LossKind.MSE_ALL_STEPS || spec.outputSize() != objective.outputs()) {
            throw new IllegalArgumentException(objective + " needs a head over all steps with " + objective.outputs()
                    + " outputs, the network is " + spec);
        }
        float loss = objective.compute(prediction, headRows(), labels, mask, labelOff, dPrediction, lastInput, lastInputOff,
                spec.inputSize());
        lossDone = true;
        return loss;
    }

    /**
     * Backpropagates the loss of the last {@link #loss} call, accumulating every parameter gradient into
     * {@link #gradients()} and writing {@link #inputGradient()} and {@link #initialStateGradient()}.
     */
    public void backward() {
        if (!lossDone) {
            throw new IllegalStateException("must forward and compute the loss (with targets) before backward");
        }
        int rows = headRows();
        int dh = spec.hiddenSize() * spec.directions();
        int o = spec.outputSize();
        int top = spec.layers() - 1;
        int allRows = steps * batch;
        // head: dW += dPred^T . top, db += column sums, dTop = dPred . W
        gemm.gemm(Transpose.YES, Transpose.NO, o, dh, rows, 1f, dPrediction, 0, o,
                layerOut[top], headInputOffset(), dh, 1f, grads, headW, dh);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < o; j++) {
                grads[headB + j] += dPrediction[r * o + j];
            }
        }
        Arrays.fill(dLayerOut[top], 0, allRows * dh, 0f);
        gemm.gemm(Transpose.NO, Transpose.NO, rows, dh, o, 1f, dPrediction, 0, o, params, headW, dh, 0f,
                dLayerOut[top], headInputOffset(), dh);
        for (int l = top; l >= 0; l--) {
            float[] dIn = l > 0 ? dLayerOut[l - 1] : inputGradient == InputGradient.COMPUTE ? dInput : null;
            if (dIn != null) {
                Arrays.fill(dIn, 0, allRows * spec.layerInputSize(l), 0f);
            }
            for (int d = 0; d < spec.directions(); d++) {
                cells[l][d].backward(dLayerOut[l], dIn, initialGrad.h(), initialGrad.c());
            }
        }
        lossDone = false;
    }

    /** Predictions of the last forward: the first {@code T*B*O} (all steps) or {@code B*O} (last step) values. */
    public float[] prediction() { return prediction; }

    /** The top layer's output of the last forward, {@code [T][B][H*D]} (PyTorch's {@code rnn_output}, time-major). */
    public float[] topOutput() { return layerOut[spec.layers() - 1]; }

    /** Gradient w.r.t. the input of the last backward, {@code [T][B][I]}; refused under {@link InputGradient#SKIP}. */
    public float[] inputGradient() {
        if (inputGradient == InputGradient.SKIP) {
            throw new IllegalStateException("the input gradient is not computed: network built with InputGradient.SKIP");
        }
        return dInput;
    }

    /** Gradient w.r.t. the initial state of the last backward. */
    public RecurrentState initialStateGradient() { return initialGrad; }

    private int headRows() {
        return spec.loss() == LossKind.MSE_ALL_STEPS ? steps * batch : batch;
    }

    private int headInputOffset() {
        return spec.loss() == LossKind.MSE_ALL_STEPS ? 0 : (steps - 1) * batch * spec.hiddenSize() * spec.directions();
    }

    private void checkState(String which, RecurrentState s, int batch) {
        if (s.batch() != batch || s.slots() != spec.layers() * spec.directions() || s.hidden() != spec.hiddenSize()) {
            throw new IllegalArgumentException(which + " state is [" + s.slots() + " x " + s.batch() + " x " + s.hidden()
                    + "], expected [" + spec.layers() * spec.directions() + " x " + batch + " x " + spec.hiddenSize() + "]");
        }
    }

    private void ensureCapacity(int steps, int batch) {
        if (initialGrad == null || initialGrad.batch() != batch) {
            initialGrad = new RecurrentState(spec, batch);
        }
        int rows = steps * batch;
        if (rows <= capacityRows) {
            return;
        }
        capacityRows = rows;
        int dh = spec.hiddenSize() * spec.directions();
        layerOut = new float[spec.layers()][rows * dh];
        dLayerOut = new float[spec.layers()][rows * dh];
        dInput = inputGradient == InputGradient.COMPUTE ? new float[rows * spec.inputSize()] : new float[0];
        prediction = new float[rows * spec.outputSize()];
        dPrediction = new float[rows * spec.outputSize()];
    }
}
