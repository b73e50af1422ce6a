package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one way state is carried: two windows through a carrier give the outputs of one forward over both. */
class StateCarrierTest {
    private static final NetworkSpec SPEC = new NetworkSpec(CellType.LSTM, 2, 3, 2, Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS);

    private static RecurrentNetwork network() {
        RecurrentNetwork net = new RecurrentNetwork(SPEC, GemmKernels.create(GemmKernels.Choice.JAVA));
        java.util.Random r = new java.util.Random(5);
        float[] p = net.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (r.nextGaussian() * 0.4);
        }
        return net;
    }

    @Test
    void windowsRunThroughTheCarrierMatchOneForwardOverAllStepsAndAResetLaneStartsOver() {
        int lanes = 2;
        float[] x = new float[6 * lanes * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.7);
        }
        RecurrentNetwork whole = network();
        StateCarrier once = new StateCarrier(SPEC, lanes);
        once.forward(whole, x, 0, 6);
        float[] expected = java.util.Arrays.copyOf(whole.prediction(), 6 * lanes);

        RecurrentNetwork net = network();
        StateCarrier carry = new StateCarrier(SPEC, lanes);
        carry.forward(net, x, 0, 4);
        float[] first = java.util.Arrays.copyOf(net.prediction(), 4 * lanes);
        carry.forward(net, x, 4 * lanes * 2, 2);
        float[] second = java.util.Arrays.copyOf(net.prediction(), 2 * lanes);
        assertArrayEquals(java.util.Arrays.copyOf(expected, 4 * lanes), first);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 4 * lanes, 6 * lanes), second, 1e-6f);
        assertArrayEquals(once.current().h(), carry.current().h(), 1e-6f);

        carry.resetLane(1);
        for (int s = 0; s < SPEC.layers(); s++) {
            for (int j = 0; j < SPEC.hiddenSize(); j++) {
                assertEquals(0f, carry.current().h()[carry.current().offset(s) + SPEC.hiddenSize() + j], "lane 1 zeroed");
            }
        }
        assertEquals(once.current().h()[0], carry.current().h()[0], 1e-6f, "lane 0 keeps its state");
    }
}
