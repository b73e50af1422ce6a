package org.sparkcast.engine;

/**
 * The learning rate at update {@code step} (0-based: the number of updates already taken), linear
 * warm-up followed by step decay:
 * <pre>
 * lr(step) = base * min(1, (step + 1) / warmupSteps) * decay ^ floor(step / decaySteps)
 * </pre>
 * {@code warmupSteps = 0} skips the warm-up; {@code decay = 1} keeps the rate constant after it.
 */
public final class LearningRateSchedule {
    private final float base;
    private final long warmupSteps;
    private final double decay;
    private final long decaySteps;

    public LearningRateSchedule(float base, long warmupSteps, double decay, long decaySteps) {
        if (!(base > 0f) || warmupSteps < 0 || !(decay > 0 && decay <= 1) || decaySteps < 1) {
            throw new IllegalArgumentException("schedule needs base > 0, warm-up >= 0, decay in (0, 1], decay steps >= 1; got "
                    + base + ", " + warmupSteps + ", " + decay + ", " + decaySteps);
        }
        this.base = base;
        this.warmupSteps = warmupSteps;
        this.decay = decay;
        this.decaySteps = decaySteps;
    }

    /** A constant rate. */
    public static LearningRateSchedule constant(float lr) {
        return new LearningRateSchedule(lr, 0, 1.0, 1);
    }

    /** The rate for the update that follows {@code step} updates. */
    public float at(long step) {
        double warm = warmupSteps == 0 ? 1.0 : Math.min(1.0, (step + 1) / (double) warmupSteps);
        return (float) (base * warm * Math.pow(decay, Math.floorDiv(step, decaySteps)));
    }

    public float base() { return base; }
    public long warmupSteps() { return warmupSteps; }
    public double decay() { return decay; }
    public long decaySteps() { return decaySteps; }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateSchedule s && base == s.base && warmupSteps == s.warmupSteps
                && decay == s.decay && decaySteps == s.decaySteps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(base, warmupSteps, decay, decaySteps);
    }
}
