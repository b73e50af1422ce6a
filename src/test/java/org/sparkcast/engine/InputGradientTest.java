package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputGradientTest {

    private static RecurrentNetwork trained(CellType cell, RecurrentNetwork.InputGradient mode) {
        NetworkSpec spec = new NetworkSpec(cell, 3, 5, 2, Directionality.BIDIRECTIONAL, 2, LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm(), mode);
        TorchInitializer.initialize(net.layout(), net.parameters(), 7);
        SplittableRandom random = new SplittableRandom(3);
        int steps = 4;
        int batch = 2;
        float[] x = new float[steps * batch * 3];
        float[] y = new float[steps * batch * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextDouble(-1, 1);
        }
        net.zeroGrad();
        net.forward(x, 0, steps, batch, new RecurrentState(spec, batch), new RecurrentState(spec, batch));
        net.loss(y, 0);
        net.backward();
        return net;
    }

    @Test
    void skippingTheInputGradientLeavesEveryParameterGradientUnchanged() {
        for (CellType cell : CellType.values()) {
            float[] full = trained(cell, RecurrentNetwork.InputGradient.COMPUTE).gradients();
            float[] skipped = trained(cell, RecurrentNetwork.InputGradient.SKIP).gradients();
            assertArrayEquals(full, skipped, cell + ": parameter gradients differ when the input gradient is skipped");
        }
    }

    @Test
    void refusesToReturnAnInputGradientItDidNotCompute() {
        RecurrentNetwork net = trained(CellType.LSTM, RecurrentNetwork.InputGradient.SKIP);
        assertThrows(IllegalStateException.class, net::inputGradient);
    }
}
