package org.sparkcast.engine;

/** What every optimizer keeps besides its state arrays: the learning rate and the number of updates taken. */
abstract class StepCountingOptimizer implements Optimizer {
    protected float lr;
    protected long steps;

    StepCountingOptimizer(float lr) {
        this.lr = lr;
    }

    @Override
    public long stepCount() {
        return steps;
    }

    @Override
    public void setLearningRate(float lr) {
        if (!(lr > 0f)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        this.lr = lr;
    }

    @Override
    public void setStepCount(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + steps);
        }
        this.steps = steps;
    }
}
