package org.sparkcast.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * The direct multi-horizon objective ("forking sequences", MQ-RNN): at every step of a window the head emits the
 * next H steps of each of Y forecast targets, for each of Q quantiles (Q = 1 and the mean for masked MSE).
 * Shape legend: R rows (T steps x B lanes, time-major), H horizon steps, Y targets, Q quantiles.
 *
 * <pre>
 * prediction [R][H][Y][Q]   output o = ((h * Y) + y) * Q + q of the head (its size O = H*Y*Q)
 * labels     [R][H][Y]      the scaled value of target y at step t+1+h
 * mask       [R][H][Y]      1 where that label counts, 0 where t+1+h is past the segment end, imputed or missing
 * weights    [H][Y]         w of each horizon step and target, the same for every row (all 1 unless set)
 * N = sum(mask)             the unmasked entries of the window
 * MSE:      loss = sum w m (p - l)^2 / N                           dL/dp = 2 w m (p - l) / N
 * pinball:  loss = sum_q sum w m rho_q(l - p_q) / (N * Q),  rho_q(e) = q e if e >= 0, (q - 1) e otherwise
 *                                                               dL/dp_q = w m (e >= 0 ? -q : 1 - q) / (N * Q)
 * </pre>
 *
 * <p>Weights rebalance the horizon steps: unweighted, a step's share of the loss grows with its errors, so the late
 * steps, whose errors are several times the first hour's, drive the gradient. Weights of mean 1 (the training's
 * {@code train.horizon-weights=naive}: each step's inverse naive error) keep the loss's scale; the normalisation by N
 * stays the count of unmasked entries, so partitions are weighed as without weights.
 *
 * With the naive skip the head predicts the change from the last observed value: every output of target y at row r
 * is read as {@code p + x[r][y]} (the target's own input at the origin; targets are the first Y inputs), so
 * {@code dL/dp} is unchanged and a head of zeros forecasts persistence.
 *
 * <p>A window with N = 0 has loss 0 and no gradient. Every window is one mean over its own unmasked entries, so every
 * optimizer update is an equally weighted step; the same number is what training sums (times valid steps) over a
 * partition and what averaging weighs by windows. A plain final class so Spark's Kryo ships it in the broadcast.
 */
public final class HorizonLoss implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int horizon;
    private final int targets;
    private final float[] quantiles;
    private final boolean naiveSkip;
    /** Index of the point forecast among the Q outputs of a label: the level nearest 0.5 (0 for the mean). */
    private final int pointLevel;
    /** {@code [H][Y]} weights of the labels of a row, or null: all 1. */
    private final float[] weights;

    /** {@code quantiles} empty: masked MSE of the mean; otherwise the pinball loss over these levels, each in (0, 1). */
    public HorizonLoss(int horizon, int targets, float[] quantiles) {
        this(horizon, targets, quantiles, false);
    }

    /** {@code naiveSkip}: outputs are changes from the target's input at the origin (see the class comment). */
    public HorizonLoss(int horizon, int targets, float[] quantiles, boolean naiveSkip) {
        this(horizon, targets, quantiles, naiveSkip, null);
    }

    /**
     * {@code weights}: {@code [H][Y]}, each finite and {@code >= 0}, the weight of every row's label of horizon step h and
     * target y (see the class comment); null for all 1.
     */
    public HorizonLoss(int horizon, int targets, float[] quantiles, boolean naiveSkip, float[] weights) {
        this.naiveSkip = naiveSkip;
        if (horizon < 1 || targets < 1) {
            throw new IllegalArgumentException("horizon and targets must be >= 1, got " + horizon + ", " + targets);
        }
        Objects.requireNonNull(quantiles, "quantiles");
        for (int i = 0; i < quantiles.length; i++) {
            if (!(quantiles[i] > 0f && quantiles[i] < 1f) || (i > 0 && quantiles[i] <= quantiles[i - 1])) {
                throw new IllegalArgumentException("quantiles must be increasing, each in (0, 1); got " + Arrays.toString(quantiles));
            }
        }
        this.horizon = horizon;
        this.targets = targets;
        this.quantiles = quantiles.clone();
        int best = 0;
        for (int k = 1; k < quantiles.length; k++) {
            if (Math.abs(quantiles[k] - 0.5f) < Math.abs(quantiles[best] - 0.5f)) {
                best = k;
            }
        }
        this.pointLevel = best;
        if (weights != null) {
            if (weights.length != horizon * targets) {
                throw new IllegalArgumentException("weights must be H x Y = " + horizon * targets + " values, got " + weights.length);
            }
            for (float w : weights) {
                if (!(w >= 0f && Float.isFinite(w))) {
                    throw new IllegalArgumentException("weights must be finite and >= 0; got " + Arrays.toString(weights));
                }
            }
        }
        this.weights = weights == null ? null : weights.clone();
    }

    /** This loss with {@code weights} ({@code [H][Y]}, null for all 1). */
    public HorizonLoss withWeights(float[] weights) {
        return new HorizonLoss(horizon, targets, quantiles, naiveSkip, weights);
    }

    /** For Kryo. */
    private HorizonLoss() {
        this.horizon = 1;
        this.targets = 1;
        this.quantiles = new float[0];
        this.naiveSkip = false;
        this.pointLevel = 0;
        this.weights = null;
    }

    /** H. */
    public int horizon() { return horizon; }
    /** Y. */
    public int targets() { return targets; }
    /** The quantile levels, increasing (a copy); empty for the mean (MSE). */
    public float[] quantiles() { return quantiles.clone(); }
    /** Whether outputs are changes from the target's input at the origin. */
    public boolean naiveSkip() { return naiveSkip; }
    /** The {@code [H][Y]} label weights (a copy), or null when all are 1. */
    public float[] weights() { return weights == null ? null : weights.clone(); }
    /** Which of a label's Q sorted outputs is the point forecast: the level nearest 0.5, or 0 for the mean. */
    public int pointLevel() { return pointLevel; }
    /** Q: outputs per label (1 for the mean). */
    public int outputsPerLabel() { return Math.max(1, quantiles.length); }
    /** H*Y: labels (and mask entries) per row. */
    public int labelsPerRow() { return horizon * targets; }
    /** O = H*Y*Q: the head's outputs per row. */
    public int outputs() { return labelsPerRow() * outputsPerLabel(); }

    /**
     * The loss of {@code rows} rows of {@code prediction[0 ..]} ({@code [R][O]}) against {@code labels[labelOff ..]}
     * under {@code mask[labelOff ..]} (both {@code [R][H*Y]}); writes {@code dL/dprediction} into
     * {@code dPrediction[0 .. R*O)} (written, not accumulated). Reads prediction, labels, mask, and with the naive skip
     * the inputs {@code x[xOff ..]} ({@code [R][inputs]}, the targets first).
     */
    public float compute(float[] prediction, int rows, float[] labels, float[] mask, int labelOff, float[] dPrediction) {
        return compute(prediction, rows, labels, mask, labelOff, dPrediction, null, 0, 0);
    }

    /** As {@link #compute(float[], int, float[], float[], int, float[])}, with the inputs the naive skip reads. */
    public float compute(float[] prediction, int rows, float[] labels, float[] mask, int labelOff, float[] dPrediction,
                         float[] x, int xOff, int inputs) {
        if (naiveSkip && (x == null || inputs < targets || xOff + (long) rows * inputs > x.length)) {
            throw new IllegalArgumentException("the naive skip needs the window's inputs [" + rows + " x >= " + targets + "]");
        }
        int per = labelsPerRow();
        int q = outputsPerLabel();
        if (labelOff < 0 || labelOff + (long) rows * per > labels.length || labelOff + (long) rows * per > mask.length) {
            throw new IllegalArgumentException("labels and mask of [" + rows + " x " + per + "] at offset " + labelOff
                    + " do not fit arrays of " + labels.length + " and " + mask.length);
        }
        if ((long) rows * per * q > prediction.length || (long) rows * per * q > dPrediction.length) {
            throw new IllegalArgumentException("prediction and its gradient of [" + rows + " x " + per * q + "] do not fit arrays of "
                    + prediction.length + " and " + dPrediction.length);
        }
        double counted = 0;
        for (int i = 0; i < rows * per; i++) {
            counted += mask[labelOff + i];
        }
        if (counted == 0) {
            Arrays.fill(dPrediction, 0, rows * per * q, 0f);
            return 0f;
        }
        double sum = 0;
        if (quantiles.length == 0) {
            float scale = (float) (2.0 / counted);
            for (int i = 0; i < rows * per; i++) {
                float m = mask[labelOff + i];
                if (m == 0f) {                                                    // a masked label may be anything, even NaN
                    dPrediction[i] = 0f;
                    continue;
                }
                m *= weight(i);
                float d = prediction[i] + skip(x, xOff, inputs, i) - labels[labelOff + i]; // error
                sum += (double) m * d * d;
                dPrediction[i] = scale * m * d;                                   // d/dp of w m d^2 / N
            }
            return (float) (sum / counted);
        }
        float scale = (float) (1.0 / (counted * q));
        for (int i = 0; i < rows * per; i++) {
            float m = mask[labelOff + i];
            if (m == 0f) {                                                        // a masked label: no loss, no gradient
                Arrays.fill(dPrediction, i * q, i * q + q, 0f);
                continue;
            }
            m *= weight(i);
            float label = labels[labelOff + i];
            float skip = skip(x, xOff, inputs, i);                               // once per label, not per level
            for (int k = 0; k < q; k++) {
                int o = i * q + k;
                float level = quantiles[k];
                float e = label - (prediction[o] + skip);                        // under-forecast is e > 0
                sum += m * (e >= 0f ? level * e : (level - 1f) * e);              // rho_q(e)
                dPrediction[o] = m * scale * (e >= 0f ? -level : 1f - level);     // d rho_q / dp
            }
        }
        return (float) (sum / (counted * q));
    }

    /** The weight of label i ({@code [R][H][Y]} order). */
    private float weight(int i) {
        return weights == null ? 1f : weights[i % weights.length];
    }

    /** The naive skip's addend for label i ({@code [R][H][Y]} order): target y's input at row r, or 0 without the skip. */
    private float skip(float[] x, int xOff, int inputs, int i) {
        if (!naiveSkip) {
            return 0f;
        }
        int per = labelsPerRow();
        return x[xOff + (i / per) * inputs + i % targets];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HorizonLoss h && horizon == h.horizon && targets == h.targets && Arrays.equals(quantiles, h.quantiles)
                && naiveSkip == h.naiveSkip && Arrays.equals(weights, h.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(horizon, targets, Arrays.hashCode(quantiles), naiveSkip, Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return "direct(H=" + horizon + ", Y=" + targets + (quantiles.length == 0 ? ", mse" : ", pinball " + Arrays.toString(quantiles))
                + (naiveSkip ? ", naive skip" : "") + (weights == null ? "" : ", weights " + Arrays.toString(weights)) + ")";
    }
}
