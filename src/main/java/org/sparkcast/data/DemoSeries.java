package org.sparkcast.data;

import java.util.SplittableRandom;

/**
 * A seeded synthetic signal for the engine demo and the engine's learning test: per lane, a daily
 * sine (period 24 steps) with a lane-specific phase and amplitude, plus AR(1) noise
 * {@code e_t = 0.7 e_{t-1} + 0.1 N(0,1)}. The task is one-step-ahead prediction: input x_t, target x_{t+1}.
 * Arrays are time-major {@code [T][B][1]}.
 */
public final class DemoSeries {
    private final float[] inputs;
    private final float[] targets;
    private final int steps;
    private final int lanes;

    public DemoSeries(int lanes, int steps, long seed) {
        this.lanes = lanes;
        this.steps = steps;
        SplittableRandom random = new SplittableRandom(seed);
        float[][] series = new float[lanes][steps + 1];
        for (int b = 0; b < lanes; b++) {
            double phase = random.nextDouble() * 2 * Math.PI;
            double amplitude = 0.5 + random.nextDouble();
            double noise = 0;
            for (int t = 0; t <= steps; t++) {
                noise = 0.7 * noise + 0.1 * gaussian(random);
                series[b][t] = (float) (amplitude * Math.sin(2 * Math.PI * t / 24.0 + phase) + noise);
            }
        }
        inputs = new float[steps * lanes];
        targets = new float[steps * lanes];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < lanes; b++) {
                inputs[t * lanes + b] = series[b][t];
                targets[t * lanes + b] = series[b][t + 1];
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: deterministic for a seed on every JVM
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** {@code [T][B][1]}. */
    public float[] inputs() { return inputs; }
    /** {@code [T][B][1]}: the next value of each lane. */
    public float[] targets() { return targets; }
    public int steps() { return steps; }
    public int lanes() { return lanes; }
}
