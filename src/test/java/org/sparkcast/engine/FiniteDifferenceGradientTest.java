package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backward agrees with central finite differences of the loss for every parameter, input and initial
 * state element, on shapes the public PyTorch fixtures do not cover (bidirectional GRU and Elman,
 * stacked bidirectional with the last-step loss, a single step, a single lane). Differences are taken
 * in float32 with a step of 1e-2, so the tolerance is loose (2e-3 + 2%): enough to catch a wrong
 * formula, a missing term or a swapped gate, not rounding.
 */
class FiniteDifferenceGradientTest {
    private static final float STEP = 1e-2f;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(CellType.GRU, 3, 4, 2, Directionality.BIDIRECTIONAL, 2, LossKind.MSE_ALL_STEPS, 3, 5),
                Arguments.of(CellType.RNN_TANH, 2, 5, 2, Directionality.BIDIRECTIONAL, 1, LossKind.MSE_LAST_STEP, 2, 6),
                Arguments.of(CellType.LSTM, 2, 3, 3, Directionality.BIDIRECTIONAL, 2, LossKind.MSE_LAST_STEP, 2, 4),
                Arguments.of(CellType.GRU, 4, 3, 1, Directionality.UNIDIRECTIONAL, 3, LossKind.MSE_ALL_STEPS, 1, 1),
                Arguments.of(CellType.LSTM, 1, 6, 2, Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS, 1, 7),
                Arguments.of(CellType.RNN_TANH, 3, 4, 1, Directionality.UNIDIRECTIONAL, 2, LossKind.MSE_LAST_STEP, 4, 1));
    }

    @ParameterizedTest(name = "{0} I={1} H={2} L={3} {4} O={5} {6} B={7} T={8}")
    @MethodSource("shapes")
    void backwardMatchesFiniteDifferences(CellType cell, int in, int hidden, int layers, Directionality dir, int out,
                                          LossKind loss, int batch, int steps) {
        NetworkSpec spec = new NetworkSpec(cell, in, hidden, layers, dir, out, loss);
        SplittableRandom random = new SplittableRandom(11);
        RecurrentNetwork net = new RecurrentNetwork(spec, new JavaGemm());
        TorchInitializer.initialize(net.layout(), net.parameters(), 3);
        float[] x = gaussian(random, steps * batch * in);
        float[] y = gaussian(random, (loss == LossKind.MSE_ALL_STEPS ? steps : 1) * batch * out);
        RecurrentState init = new RecurrentState(spec, batch);
        fill(random, init.h());
        if (init.c() != null) {
            fill(random, init.c());
        }
        RecurrentState fin = new RecurrentState(spec, batch);
        net.zeroGrad();
        net.forward(x, 0, steps, batch, init, fin);
        net.loss(y, 0);
        net.backward();
        float[] paramGrad = net.gradients().clone();
        float[] inputGrad = java.util.Arrays.copyOf(net.inputGradient(), x.length);
        float[] h0Grad = net.initialStateGradient().h().clone();
        float[] c0Grad = init.c() == null ? null : net.initialStateGradient().c().clone();

        compare(spec + " params", net.parameters(), paramGrad, () -> lossOf(net, x, y, steps, batch, init, fin));
        compare(spec + " input", x, inputGrad, () -> lossOf(net, x, y, steps, batch, init, fin));
        compare(spec + " h0", init.h(), h0Grad, () -> lossOf(net, x, y, steps, batch, init, fin));
        if (c0Grad != null) {
            compare(spec + " c0", init.c(), c0Grad, () -> lossOf(net, x, y, steps, batch, init, fin));
        }
    }

    private static double lossOf(RecurrentNetwork net, float[] x, float[] y, int steps, int batch, RecurrentState init, RecurrentState fin) {
        net.forward(x, 0, steps, batch, init, fin);
        return net.loss(y, 0);
    }

    private static void compare(String what, float[] values, float[] analytic, java.util.function.DoubleSupplier loss) {
        for (int i = 0; i < analytic.length; i++) {
            float saved = values[i];
            values[i] = saved + STEP;
            double up = loss.getAsDouble();
            values[i] = saved - STEP;
            double down = loss.getAsDouble();
            values[i] = saved;
            double numeric = (up - down) / (2 * STEP);
            double diff = Math.abs(numeric - analytic[i]);
            if (diff > 2e-3 + 2e-2 * Math.abs(numeric)) {
                fail(String.format("%s: gradient[%d] backward %.6g, finite difference %.6g (diff %.3g)",
                        what, i, analytic[i], numeric, diff));
            }
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        fill(random, v);
        return v;
    }

    private static void fill(SplittableRandom random, float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
    }
}
