package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HorizonLoss} on hand-computed rows and through a small 2-layer LSTM. Shape legend: R rows (T steps x B
 * lanes), H horizon steps, Y targets, Q quantiles, O = H*Y*Q. The finite differences follow
 * {@link FiniteDifferenceGradientTest}: float32, a step of 1e-2, tolerance 2e-3 + 2%. The pinball loss has a kink at
 * e = 0, so its labels are drawn at least 0.25 away from every quantile's prediction: a 1e-2 parameter step moves a
 * prediction by far less and no central difference straddles the kink.
 */
class HorizonLossGradientTest {
    private static final float STEP = 1e-2f;
    private static final int BATCH = 3;
    private static final int STEPS = 4;

    static Stream<HorizonLoss> objectives() {
        float[] weights = {1.6f, 0.4f, 1.3f, 0.7f};                     // [H][Y], mean 1
        return Stream.of(new HorizonLoss(2, 2, new float[0]), new HorizonLoss(2, 2, new float[] {0.1f, 0.5f, 0.9f}),
                new HorizonLoss(2, 2, new float[0], false, weights), new HorizonLoss(2, 2, new float[] {0.1f, 0.5f, 0.9f}, false, weights));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void parameterGradientMatchesFiniteDifferencesUnderAMaskWithZeros(HorizonLoss objective) {
        NetworkSpec spec = new NetworkSpec(CellType.LSTM, 2, 3, 2, Directionality.UNIDIRECTIONAL, objective.outputs(), LossKind.MSE_ALL_STEPS);
        SplittableRandom random = new SplittableRandom(17);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm(), RecurrentNetwork.InputGradient.SKIP);
        TorchInitializer.initialize(net.layout(), net.parameters(), 5);
        float[] x = uniform(random, STEPS * BATCH * spec.inputSize());
        RecurrentState init = new RecurrentState(spec, BATCH);
        RecurrentState fin = new RecurrentState(spec, BATCH);
        System.arraycopy(uniform(random, init.h().length), 0, init.h(), 0, init.h().length);
        System.arraycopy(uniform(random, init.c().length), 0, init.c(), 0, init.c().length);
        float[] mask = mask(random, objective);
        net.forward(x, 0, STEPS, BATCH, init, fin);
        float[] labels = labelsAwayFromEveryQuantile(random, objective, net.prediction());

        net.zeroGrad();
        float loss = net.loss(objective, labels, mask, 0);
        net.backward();
        float[] analytic = net.gradients().clone();
        double norm = 0;
        for (float g : analytic) {
            norm += (double) g * g;
        }
        assertTrue(loss > 0 && norm > 1e-4, objective + ": loss " + loss + ", gradient norm^2 " + norm + " (a vacuous check)");

        float[] params = net.parameters();
        for (int i = 0; i < analytic.length; i++) {
            float saved = params[i];
            params[i] = saved + STEP;
            double up = lossOf(net, objective, x, labels, mask, init, fin);
            params[i] = saved - STEP;
            double down = lossOf(net, objective, x, labels, mask, init, fin);
            params[i] = saved;
            double numeric = (up - down) / (2 * STEP);
            double diff = Math.abs(numeric - analytic[i]);
            if (diff > 2e-3 + 2e-2 * Math.abs(numeric)) {
                fail(String.format("%s: gradient[%d] (%s) backward %.6g, finite difference %.6g (diff %.3g)",
                        objective, i, sliceOf(net.layout(), i), analytic[i], numeric, diff));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void allMaskedWindowHasZeroLossAndZeroGradient(HorizonLoss objective) {
        int rows = 2;
        float[] prediction = new float[rows * objective.outputs()];
        Arrays.fill(prediction, 3f);
        float[] labels = new float[rows * objective.labelsPerRow()];
        float[] dPrediction = new float[prediction.length];
        Arrays.fill(dPrediction, 7f);                                   // written, not accumulated
        assertEquals(0f, objective.compute(prediction, rows, labels, new float[labels.length], 0, dPrediction));
        for (int i = 0; i < dPrediction.length; i++) {
            assertTrue(dPrediction[i] == 0f, objective + ": dPrediction[" + i + "] = " + dPrediction[i]);
        }

        NetworkSpec spec = new NetworkSpec(CellType.LSTM, 2, 3, 2, Directionality.UNIDIRECTIONAL, objective.outputs(), LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm(), RecurrentNetwork.InputGradient.SKIP);
        TorchInitializer.initialize(net.layout(), net.parameters(), 5);
        float[] x = uniform(new SplittableRandom(3), STEPS * BATCH * spec.inputSize());
        TruncatedBptt bptt = new TruncatedBptt(net, BATCH);
        Arrays.fill(net.gradients(), 1f);
        net.zeroGrad();
        float[] stepLabels = new float[STEPS * BATCH * objective.labelsPerRow()];
        assertEquals(0f, bptt.window(x, 0, objective, stepLabels, new float[stepLabels.length], 0, STEPS));
        float[] grads = net.gradients();
        for (int i = 0; i < grads.length; i++) {
            assertTrue(grads[i] == 0f, objective + ": gradient[" + i + "] (" + sliceOf(net.layout(), i) + ") = " + grads[i]);
        }
    }

    /** H=1, Y=2, two rows, one entry masked: N = 3, loss = sum m (p - l)^2 / N, dL/dp = 2 m (p - l) / N. */
    @Test
    void maskedMseMatchesHandComputedRows() {
        HorizonLoss mse = new HorizonLoss(1, 2, new float[0]);
        float[] prediction = {1f, 2f, 3f, -1f};
        float[] labels = {9f, 9f, 0.5f, 2.5f, 0f, 4f};                  // one row of padding: labelOff = 2
        float[] mask = {1f, 1f, 1f, 0f, 1f, 1f};
        float[] d = new float[4];
        // errors p - l: 0.5, (masked), 3, -5; squares 0.25 + 9 + 25 = 34.25
        assertEquals(34.25 / 3, mse.compute(prediction, 2, labels, mask, 2, d), 1e-5);
        assertArrayEquals(new float[] {1f / 3, 0f, 2f, -10f / 3}, d, 1e-6f);

        labels[3] = -100f;                                               // the masked label: nothing changes
        assertEquals(34.25 / 3, mse.compute(prediction, 2, labels, mask, 2, d), 1e-5);
        labels[2] = 1.5f;                                                // a counted one: error 0.5 -> -0.5, same square
        mse.compute(prediction, 2, labels, mask, 2, d);
        assertEquals(-1f / 3, d[0], 1e-6f, "the gradient's sign follows p - l");
        labels[4] = 1f;                                                  // error 3 -> 2: loss (0.25 + 4 + 25) / 3
        assertEquals(29.25 / 3, mse.compute(prediction, 2, labels, mask, 2, d), 1e-5);
    }

    /**
     * H=2, Y=1, quantiles (0.2, 0.9), two rows, one label masked: N = 3, N*Q = 6. Outputs per row
     * [h0 q0.2, h0 q0.9, h1 q0.2, h1 q0.9]; e = l - p; rho_q(e) = q e (e >= 0) or (q - 1) e.
     */
    @Test
    void pinballMatchesHandComputedRowsAndTakesTheUpperBranchAtZero() {
        HorizonLoss pinball = new HorizonLoss(2, 1, new float[] {0.2f, 0.9f});
        float[] prediction = {0f, 2f, 3f, 4f, 5f, -7f, 0f, 1.5f};
        float[] labels = {1f, 3f, -2f, 0.5f};
        float[] mask = {1f, 1f, 0f, 1f};
        float[] d = new float[8];
        // row 0, l=1:   e = 1 -> 0.2;  e = -1 -> 0.1
        // row 0, l=3:   e = 0 -> 0 (the e >= 0 branch: dL/dp = -q);  e = -1 -> 0.1
        // row 1, l=-2:  masked
        // row 1, l=0.5: e = 0.5 -> 0.1;  e = -1 -> 0.1          sum 0.6, loss 0.6 / 6 = 0.1
        assertEquals(0.1, pinball.compute(prediction, 2, labels, mask, 0, d), 1e-6);
        float under = -0.2f / 6;                                         // dL/dp = -q / (N Q) for e >= 0
        float over = 0.1f / 6;                                           // (1 - q) / (N Q) for e < 0
        assertArrayEquals(new float[] {under, over, under, over, 0f, 0f, under, over}, d, 1e-7f);

        labels[2] = 100f;                                                // masked: nothing changes
        assertEquals(0.1, pinball.compute(prediction, 2, labels, mask, 0, d), 1e-6);
        labels[0] = -1f;                                                 // row 0 h0: e = -1 -> 0.8, e = -3 -> 0.3
        assertEquals((0.8 + 0.3 + 0.1 + 0.1 + 0.1) / 6, pinball.compute(prediction, 2, labels, mask, 0, d), 1e-6);
        assertEquals(0.8f / 6, d[0], 1e-7f, "over-forecast of the 0.2 quantile");
    }

    /**
     * The pinball rows above with weights [h0 2, h1 0.5]: each label's loss and gradient scale by its step's weight, N stays
     * the count of unmasked labels (3), and weights of 1 are the unweighted loss.
     */
    @Test
    void weightsScaleEachHorizonStepsLossAndGradientButNotTheCount() {
        float[] prediction = {0f, 2f, 3f, 4f, 5f, -7f, 0f, 1.5f};
        float[] labels = {1f, 3f, -2f, 0.5f};
        float[] mask = {1f, 1f, 0f, 1f};
        float[] d = new float[8];
        HorizonLoss weighted = new HorizonLoss(2, 1, new float[] {0.2f, 0.9f}, false, new float[] {2f, 0.5f});
        // per label (both levels): row 0 h0 0.3, row 0 h1 0.1, row 1 h1 0.2; weighted 0.6 + 0.05 + 0.1 = 0.75, over N Q = 6
        assertEquals(0.75 / 6, weighted.compute(prediction, 2, labels, mask, 0, d), 1e-6);
        float under = -0.2f / 6;
        float over = 0.1f / 6;
        assertArrayEquals(new float[] {2 * under, 2 * over, 0.5f * under, 0.5f * over, 0f, 0f, 0.5f * under, 0.5f * over}, d, 1e-7f);

        HorizonLoss ones = new HorizonLoss(2, 1, new float[] {0.2f, 0.9f}, false, new float[] {1f, 1f});
        float[] dOnes = new float[8];
        float[] dPlain = new float[8];
        assertEquals(new HorizonLoss(2, 1, new float[] {0.2f, 0.9f}).compute(prediction, 2, labels, mask, 0, dPlain),
                ones.compute(prediction, 2, labels, mask, 0, dOnes));
        assertArrayEquals(dPlain, dOnes);

        HorizonLoss mse = new HorizonLoss(1, 2, new float[0], false, new float[] {3f, 1f});
        float[] dm = new float[4];
        // maskedMseMatchesHandComputedRows' rows: errors 0.5 (y0), masked (y1), 3 (y0), -5 (y1): 3 (0.25 + 9) + 25 over N = 3
        assertEquals((3 * 9.25 + 25) / 3, mse.compute(new float[] {1f, 2f, 3f, -1f}, 2, new float[] {0.5f, 2.5f, 0f, 4f},
                new float[] {1f, 0f, 1f, 1f}, 0, dm), 1e-5);
        assertArrayEquals(new float[] {3f / 3, 0f, 18f / 3, -10f / 3}, dm, 1e-6f);
    }

    @Test
    void constructorRefusesWeightsOfAnotherShapeNegativeOrNotFinite() {
        float[][] refused = {{1f}, {1f, 1f, 1f}, {1f, -0.5f}, {1f, Float.NaN}, {Float.POSITIVE_INFINITY, 1f}};
        for (float[] w : refused) {
            assertThrows(IllegalArgumentException.class, () -> new HorizonLoss(2, 1, new float[0], false, w), Arrays.toString(w));
        }
        HorizonLoss a = new HorizonLoss(2, 1, new float[0], false, new float[] {1f, 2f});
        assertEquals(a, new HorizonLoss(2, 1, new float[0]).withWeights(new float[] {1f, 2f}));
        assertNotEquals(a, new HorizonLoss(2, 1, new float[0]));
        assertNotEquals(a, a.withWeights(new float[] {2f, 1f}));
        assertEquals(new HorizonLoss(2, 1, new float[0]), a.withWeights(null));
    }

    @Test
    void constructorRefusesNonIncreasingOrOutOfRangeQuantiles() {
        float[][] refused = {{0.5f, 0.5f}, {0.9f, 0.1f}, {0.1f, 0.5f, 0.3f}, {0f, 0.5f}, {0.5f, 1f}, {-0.1f}, {1.5f}, {Float.NaN}};
        for (float[] q : refused) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HorizonLoss(2, 1, q), Arrays.toString(q));
            assertTrue(e.getMessage().contains(Arrays.toString(q)), "the message names the levels: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new HorizonLoss(0, 1, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new HorizonLoss(1, 0, new float[0]));
        assertEquals(3, new HorizonLoss(2, 1, new float[] {0.1f, 0.5f, 0.9f}).outputsPerLabel());
        assertNotEquals(new HorizonLoss(2, 1, new float[] {0.1f}), new HorizonLoss(2, 1, new float[] {0.2f}));
    }

    @Test
    void networkRefusesAHeadOfAnotherSize() {
        HorizonLoss pinball = new HorizonLoss(2, 2, new float[] {0.1f, 0.9f});
        NetworkSpec spec = new NetworkSpec(CellType.LSTM, 2, 3, 1, Directionality.UNIDIRECTIONAL, 4, LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm());
        RecurrentState init = new RecurrentState(spec, 1);
        net.forward(new float[2], 0, 1, 1, init, new RecurrentState(spec, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loss(pinball, new float[4], new float[4], 0));
        assertTrue(e.getMessage().contains("8 outputs"), e.getMessage());
    }

    private static double lossOf(RecurrentNetwork net, HorizonLoss objective, float[] x, float[] labels, float[] mask,
                                 RecurrentState init, RecurrentState fin) {
        net.forward(x, 0, STEPS, BATCH, init, fin);
        return net.loss(objective, labels, mask, 0);
    }

    /** {@code [T][B][H][Y]}: 0/1 at random, 0 past the sequence end (t+1+h >= T), and lane 1 at step 1 fully masked. */
    private static float[] mask(SplittableRandom random, HorizonLoss objective) {
        int per = objective.labelsPerRow();
        float[] mask = new float[STEPS * BATCH * per];
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                for (int h = 0; h < objective.horizon(); h++) {
                    for (int y = 0; y < objective.targets(); y++) {
                        boolean empty = (t == 1 && b == 1) || t + 1 + h >= STEPS;
                        mask[((t * BATCH + b) * objective.horizon() + h) * objective.targets() + y] =
                                !empty && random.nextDouble() < 0.7 ? 1f : 0f;
                    }
                }
            }
        }
        return mask;
    }

    /** Per label, 0.25 .. 0.75 above the largest or below the smallest of its Q predictions (a random side). */
    private static float[] labelsAwayFromEveryQuantile(SplittableRandom random, HorizonLoss objective, float[] prediction) {
        int q = objective.outputsPerLabel();
        float[] labels = new float[STEPS * BATCH * objective.labelsPerRow()];
        for (int i = 0; i < labels.length; i++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < q; k++) {
                lo = Math.min(lo, prediction[i * q + k]);
                hi = Math.max(hi, prediction[i * q + k]);
            }
            float gap = (float) (0.25 + 0.5 * random.nextDouble());
            labels[i] = random.nextBoolean() ? hi + gap : lo - gap;
        }
        return labels;
    }

    private static String sliceOf(ParameterLayout layout, int index) {
        for (ParameterLayout.Slice s : layout.slices()) {
            if (index >= s.offset() && index < s.offset() + s.size()) {
                return s.name() + "[" + (index - s.offset()) + "]";
            }
        }
        return "?";
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    @Test
    void naiveSkipEqualsTheLossOfTheChangeFromTheTargetsInputAtTheOrigin() {
        // R = 2 rows, inputs [y0, y1, covariate], H = 2, Y = 2, Q = 3: with the skip, labels l equal no skip on l - x[r][y]
        float[] x = {1.5f, -2f, 9f, 0.25f, 3f, -9f};
        float[] labels = {1f, 2f, 3f, -1f, 0.5f, 0.5f, 4f, 2f};
        float[] mask = {1f, 1f, 0f, 1f, 1f, 1f, 1f, 0f};
        float[] prediction = new float[2 * 4 * 3];
        for (int i = 0; i < prediction.length; i++) {
            prediction[i] = (float) Math.sin(i);
        }
        float[] shifted = labels.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] -= x[(i / 4) * 3 + i % 2];
        }
        float[] levels = {0.1f, 0.5f, 0.9f};
        float[] dSkip = new float[prediction.length];
        float[] dShifted = new float[prediction.length];
        float withSkip = new HorizonLoss(2, 2, levels, true).compute(prediction, 2, labels, mask, 0, dSkip, x, 0, 3);
        float plain = new HorizonLoss(2, 2, levels).compute(prediction, 2, shifted, mask, 0, dShifted);
        assertEquals(plain, withSkip, 1e-6f);
        assertArrayEquals(dShifted, dSkip, 1e-7f);
        float mseSkip = new HorizonLoss(2, 2, new float[0], true).compute(prediction, 2, labels, mask, 0, new float[8], x, 0, 3);
        float msePlain = new HorizonLoss(2, 2, new float[0]).compute(prediction, 2, shifted, mask, 0, new float[8]);
        assertEquals(msePlain, mseSkip, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new HorizonLoss(2, 2, levels, true).compute(prediction, 2, labels, mask, 0, dSkip));
    }
}
