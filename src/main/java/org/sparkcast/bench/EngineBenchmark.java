package org.sparkcast.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.sparkcast.engine.AdamOptimizer;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.Gemm;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.RecurrentState;
import org.sparkcast.engine.TorchInitializer;

/**
 * Times the engine's training step on one {@link BenchCase}, the same step {@code torch_bench.py}
 * times for PyTorch:
 * <pre>
 * zero grads; forward over [T][B][I] from a zero state; MSE over all T*B*O predictions (O = 1);
 * backward (no gradient w.r.t. the input, as in PyTorch where x does not require grad);
 * Adam update (lr 1e-3, PyTorch defaults)
 * </pre>
 * Warm-up runs for at least {@code warmupSeconds} (JIT compilation, buffer growth); then
 * {@code repeats} blocks of a fixed number of steps, each block about {@code blockSeconds} long, give
 * one steps/s figure each. The bytes the thread allocates over all timed blocks (less what the
 * measuring call itself allocates), divided by the steps, are the steady-state garbage per step.
 */
public final class EngineBenchmark {

    /** Steps/s of every timed block, and the heap bytes allocated per step while timing. */
    public record Timing(double[] stepsPerSecond, double allocatedBytesPerStep, int stepsPerBlock) {
        public double median() {
            double[] s = stepsPerSecond.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        public double min() {
            return Arrays.stream(stepsPerSecond).min().orElse(Double.NaN);
        }

        public double max() {
            return Arrays.stream(stepsPerSecond).max().orElse(Double.NaN);
        }
    }

    private final RecurrentNetwork net;
    private final AdamOptimizer adam;
    private final RecurrentState initial;
    private final RecurrentState last;
    private final float[] x;
    private final float[] y;
    private final BenchCase bench;

    /** Builds the network (PyTorch initialisation, seed 1) and a random window for {@code bench}. */
    public EngineBenchmark(BenchCase bench, Gemm gemm) {
        this.bench = bench;
        NetworkSpec spec = new NetworkSpec(bench.cell(), bench.inputSize(), bench.hidden(), bench.layers(),
                Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS);
        this.net = new RecurrentNetwork(spec, gemm, RecurrentNetwork.InputGradient.SKIP); // as torch: x needs no grad
        TorchInitializer.initialize(net.layout(), net.parameters(), 1);
        this.adam = new AdamOptimizer(Optimizer.Kind.ADAM, net.parameters().length, 1e-3f, 0f);
        this.initial = new RecurrentState(spec, bench.batch());
        this.last = new RecurrentState(spec, bench.batch());
        SplittableRandom random = new SplittableRandom(1);
        this.x = gaussian(random, bench.steps() * bench.batch() * bench.inputSize());
        this.y = gaussian(random, bench.steps() * bench.batch());
    }

    /** One training step; returns the loss before the update. */
    public float step() {
        net.zeroGrad();
        net.forward(x, 0, bench.steps(), bench.batch(), initial, last);
        float loss = net.loss(y, 0);
        net.backward();
        adam.step(net.parameters(), net.gradients());
        return loss;
    }

    /** Warm-up, then {@code repeats} timed blocks (see the class comment). */
    public Timing time(double warmupSeconds, int repeats, double blockSeconds) {
        long warmStart = System.nanoTime();
        int warmSteps = 0;
        while (warmSteps < 3 || System.nanoTime() - warmStart < warmupSeconds * 1e9) {
            step();
            warmSteps++;
        }
        double rate = warmSteps / ((System.nanoTime() - warmStart) / 1e9);
        int perBlock = (int) Math.max(1, Math.round(rate * blockSeconds));
        double[] stepsPerSecond = new double[repeats];
        long allocStart = allocatedBytes();
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            for (int s = 0; s < perBlock; s++) {
                step();
            }
            stepsPerSecond[r] = perBlock / ((System.nanoTime() - start) / 1e9);
        }
        long allocEnd = allocatedBytes();
        // the call itself allocates (~800 bytes, once per block of measurements, not per step): take it off
        double allocated = Math.max(0, allocEnd - allocStart - measurementOverhead());
        return new Timing(stepsPerSecond, allocated / ((double) repeats * perBlock), perBlock);
    }

    /** Bytes one {@link #allocatedBytes} call itself allocates, the smallest of a few back-to-back pairs. */
    private static long measurementOverhead() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long a = allocatedBytes();
            best = Math.min(best, allocatedBytes() - a);
        }
        return best;
    }

    /** Heap bytes this thread has allocated so far (HotSpot's ThreadMXBean extension). */
    public static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    public RecurrentNetwork network() {
        return net;
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: one standard normal from two uniforms
            a[i] = (float) (Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return a;
    }
}
