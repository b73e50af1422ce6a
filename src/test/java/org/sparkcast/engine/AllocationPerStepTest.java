package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Steady-state garbage of one training step (zero grads, forward, loss, backward, clip, Adam) measured
 * with HotSpot's {@code ThreadMXBean.getThreadAllocatedBytes}: blocks of steps are timed until the JIT
 * has compiled the hot code (interpreted Vector API code allocates; compiled code must not), and the
 * best block must stay under {@value #BOUND_BYTES} bytes per step, i.e. nothing but the measurement's
 * own noise.
 */
class AllocationPerStepTest {
    private static final double BOUND_BYTES = 64;
    private static final int STEPS_PER_BLOCK = 500;
    private static final int MAX_BLOCKS = 80;

    @TestFactory
    List<DynamicTest> trainingStepAllocatesNothingInSteadyState() {
        return List.of(CellType.LSTM, CellType.GRU, CellType.RNN_TANH).stream()
                .flatMap(cell -> List.of(GemmKernels.defaultKernel(), new VectorGemm()).stream()
                        .map(g -> DynamicTest.dynamicTest(cell.configName() + " [" + g.name() + "]", () -> check(cell, g))))
                .toList();
    }

    private static void check(CellType cell, Gemm gemm) {
        NetworkSpec spec = new NetworkSpec(cell, 3, 24, 2, Directionality.UNIDIRECTIONAL, 2, LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, gemm, RecurrentNetwork.InputGradient.SKIP);
        TorchInitializer.initialize(net.layout(), net.parameters(), 5);
        int batch = 8;
        int steps = 12;
        WindowTrainer trainer = new WindowTrainer(net, batch, new GradientClipper(GradientClipper.Mode.GLOBAL_NORM, 1f),
                new AdamOptimizer(Optimizer.Kind.ADAM, net.parameters().length, 1e-3f, 0f));
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[steps * batch * 3];
        float[] y = new float[steps * batch * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextDouble(-1, 1);
        }
        double best = Double.MAX_VALUE;
        for (int block = 0; block < MAX_BLOCKS && best >= BOUND_BYTES / 4; block++) {
            long before = allocatedBytes();
            for (int s = 0; s < STEPS_PER_BLOCK; s++) {
                trainer.train(x, 0, y, 0, steps);
            }
            best = Math.min(best, (allocatedBytes() - before) / (double) STEPS_PER_BLOCK);
        }
        System.out.printf("allocation per training step, %s [%s]: %.3f bytes%n", spec, gemm.name(), best);
        assertTrue(best < BOUND_BYTES, spec + " [" + gemm.name() + "] allocates " + best + " bytes per step in steady state");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
