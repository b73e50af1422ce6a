package org.sparkcast.engine;

/**
 * Updates parameters in place from gradients, keeping its state (moments, step count) in arrays of
 * the parameter layout. Lifecycle: construct for a parameter count, then call {@link #step} once per
 * update after the gradients are complete (and clipped).
 */
public interface Optimizer {

    /** One update: reads {@code grads}, updates {@code params} and the optimizer state. */
    void step(float[] params, float[] grads);

    /** Updates taken so far (PyTorch's {@code step}; Adam's bias correction uses it). */
    long stepCount();

    /** Sets the learning rate of the next updates (a schedule calls this before each step). */
    void setLearningRate(float lr);

    /** Sets the update count, when restoring a checkpoint or an averaged state. */
    void setStepCount(long steps);

    /**
     * The state arrays, each in the parameter layout (live: write into them to restore a state):
     * Adam/AdamW {@code [m, v]}, SGD {@code [momentum buffer]}.
     */
    float[][] stateArrays();

    /** Which optimizer; config name and construction. */
    enum Kind { SGD, ADAM, ADAMW }
}
