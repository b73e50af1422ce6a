package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Layout sizes, refused misuse, and the state-carry rules of the window loop. */
class RecurrentNetworkContractTest {
    private static final NetworkSpec LSTM = new NetworkSpec(CellType.LSTM, 3, 4, 2, Directionality.BIDIRECTIONAL, 2,
            LossKind.MSE_ALL_STEPS);

    @Test
    void layoutHasPyTorchParameterCountsInNamedParametersOrder() {
        ParameterLayout layout = new ParameterLayout(LSTM);
        // layer 0: 16x3 + 16x4 + 16 + 16 = 144 per direction; layer 1: 16x8 + 16x4 + 32 = 224; head 2x8 + 2
        assertEquals(2 * 144 + 2 * 224 + 18, layout.size());
        assertEquals("rnn.weight_ih_l0", layout.slices().get(0).name());
        assertEquals("rnn.weight_ih_l0_reverse", layout.slices().get(4).name());
        assertEquals("head.bias", layout.slices().get(layout.slices().size() - 1).name());
        assertEquals(16, layout.weightIh(1, 1).rows());
        assertEquals(8, layout.weightIh(1, 1).cols());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.slice("rnn.weight_ih_l2"));
        assertTrue(e.getMessage().contains("rnn.weight_ih_l2"), e.getMessage());
    }

    @Test
    void rejectsBackwardBeforeLoss() {
        RecurrentNetwork net = new RecurrentNetwork(LSTM, new JavaGemm());
        IllegalStateException e = assertThrows(IllegalStateException.class, net::backward);
        assertTrue(e.getMessage().contains("before backward"), e.getMessage());
        net.forward(new float[5 * 2 * 3], 0, 5, 2, new RecurrentState(LSTM, 2), new RecurrentState(LSTM, 2));
        assertThrows(IllegalStateException.class, net::backward);
    }

    @Test
    void rejectsStateOfWrongBatchWithBothShapes() {
        RecurrentNetwork net = new RecurrentNetwork(LSTM, new JavaGemm());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(new float[30], 0, 5, 2, new RecurrentState(LSTM, 3), new RecurrentState(LSTM, 2)));
        assertTrue(e.getMessage().contains("[4 x 3 x 4]") && e.getMessage().contains("[4 x 2 x 4]"), e.getMessage());
    }

    @Test
    void rejectsInputShorterThanTheWindow() {
        RecurrentNetwork net = new RecurrentNetwork(LSTM, new JavaGemm());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(new float[29], 0, 5, 2, new RecurrentState(LSTM, 2), new RecurrentState(LSTM, 2)));
        assertTrue(e.getMessage().contains("[5 x 2 x 3]"), e.getMessage());
    }

    @Test
    void rejectsTargetOfWrongLength() {
        RecurrentNetwork net = new RecurrentNetwork(LSTM, new JavaGemm());
        net.forward(new float[30], 0, 5, 2, new RecurrentState(LSTM, 2), new RecurrentState(LSTM, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loss(new float[19], 0));
        assertTrue(e.getMessage().contains("20 values"), e.getMessage());
    }

    @Test
    void windowLoopCarriesStateAndResetLaneStartsThatLaneFromZero() {
        NetworkSpec spec = new NetworkSpec(CellType.GRU, 1, 3, 1, Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm());
        TorchInitializer.initialize(net.layout(), net.parameters(), 5);
        float[] x = new float[8 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        float[] y = new float[x.length];
        // the whole sequence at once, from zeros
        RecurrentState whole = new RecurrentState(spec, 2);
        net.forward(x, 0, 8, 2, new RecurrentState(spec, 2), whole);
        // two windows of 5 and 3 steps carry the same state
        TruncatedBptt bptt = new TruncatedBptt(net, 2);
        bptt.window(x, 0, y, 0, 5);
        bptt.window(x, 5 * 2, y, 5 * 2, 3);
        assertArrayEquals(whole.h(), bptt.state().h(), 1e-6f);
        // resetting lane 1 before the second window gives lane 1 the state of a fresh start at step 5
        bptt.resetState();
        bptt.window(x, 0, y, 0, 5);
        bptt.resetLane(1);
        bptt.window(x, 5 * 2, y, 5 * 2, 3);
        RecurrentState fresh = new RecurrentState(spec, 2);
        net.forward(x, 5 * 2, 3, 2, new RecurrentState(spec, 2), fresh);
        float[] h = bptt.state().h();
        assertArrayEquals(java.util.Arrays.copyOfRange(whole.h(), 0, 3), java.util.Arrays.copyOfRange(h, 0, 3), 1e-6f, "lane 0 carried");
        assertArrayEquals(java.util.Arrays.copyOfRange(fresh.h(), 3, 6), java.util.Arrays.copyOfRange(h, 3, 6), 1e-6f, "lane 1 reset");
        assertTrue(Math.abs(whole.h()[3] - h[3]) > 1e-4, "reset must change lane 1's state");
    }

    @Test
    void maskedRowsGetNoLossAndNoGradientAndFullMaskEqualsNoMask() {
        NetworkSpec spec = new NetworkSpec(CellType.LSTM, 2, 3, 1, Directionality.UNIDIRECTIONAL, 2, LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm());
        TorchInitializer.initialize(net.layout(), net.parameters(), 9);
        int steps = 4, batch = 2;
        float[] x = new float[steps * batch * 2];
        float[] y = new float[steps * batch * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.cos(i);
            y[i] = (float) Math.sin(i);
        }
        RecurrentState init = new RecurrentState(spec, batch);
        RecurrentState fin = new RecurrentState(spec, batch);
        net.forward(x, 0, steps, batch, init, fin);
        float plain = net.loss(y, 0);
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        assertEquals(plain, net.loss(y, 0, ones, 0), 0f);
        // lane 1 ends after step 1: rows (t, b=1) for t >= 2 are masked; changing their targets changes nothing
        float[] mask = {1, 1, 1, 1, 1, 0, 1, 0};
        float masked = net.loss(y, 0, mask, 0);
        net.backward();
        float[] grads = net.gradients().clone();
        float[] y2 = y.clone();
        y2[(2 * batch + 1) * 2] += 5f;
        y2[(3 * batch + 1) * 2 + 1] -= 5f;
        net.zeroGrad();
        net.forward(x, 0, steps, batch, init, fin);
        assertEquals(masked, net.loss(y2, 0, mask, 0), 0f);
        net.backward();
        assertArrayEquals(grads, net.gradients(), 0f);
        assertEquals(0f, net.loss(y, 0, new float[8], 0), 0f);
    }

    @Test
    void refusedUpdateLeavesParametersAndZeroesTheCarriedState() {
        NetworkSpec spec = new NetworkSpec(CellType.LSTM, 1, 3, 1, Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm());
        TorchInitializer.initialize(net.layout(), net.parameters(), 4);
        WindowTrainer trainer = new WindowTrainer(net, 1, GradientClipper.none(), new SgdOptimizer(net.parameters().length, 0.1f, 0f));
        float[] before = net.parameters().clone();
        float loss = trainer.train(new float[] {1f, Float.NaN}, 0, new float[] {0f, 0f}, 0, 2);
        assertTrue(Float.isNaN(loss));
        assertTrue(!trainer.lastUpdateApplied());
        assertArrayEquals(before, net.parameters(), 0f);
        assertArrayEquals(new float[3], trainer.bptt().state().h(), 0f);
        assertArrayEquals(new float[3], trainer.bptt().state().c(), 0f);
    }
}
