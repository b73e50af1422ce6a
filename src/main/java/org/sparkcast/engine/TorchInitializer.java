package org.sparkcast.engine;

import java.util.SplittableRandom;

/**
 * PyTorch's default initialisation, seeded: every recurrent weight and bias ~ U(-1/sqrt(H), 1/sqrt(H))
 * ({@code nn.LSTM/GRU/RNN.reset_parameters}); the head's weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
 * with {@code fan_in = H*D} ({@code nn.Linear}: kaiming_uniform with a = sqrt(5)). The same seed gives
 * the same parameters on every machine (the distribution matches PyTorch, not its random stream).
 */
public final class TorchInitializer {
    private TorchInitializer() {
    }

    /** Overwrites every parameter of {@code layout} in {@code params}. */
    public static void initialize(ParameterLayout layout, float[] params, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        NetworkSpec spec = layout.spec();
        double rnnBound = 1.0 / Math.sqrt(spec.hiddenSize());
        double headBound = 1.0 / Math.sqrt(spec.hiddenSize() * spec.directions());
        for (ParameterLayout.Slice s : layout.slices()) {
            double bound = s.name().startsWith("head.") ? headBound : rnnBound;
            for (int i = s.offset(); i < s.offset() + s.size(); i++) {
                params[i] = (float) (bound * (2.0 * random.nextDouble() - 1.0));
            }
        }
    }
}
