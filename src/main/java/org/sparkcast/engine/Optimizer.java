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

    /** Which optimizer; config name and construction. */
    enum Kind { SGD, ADAM, ADAMW }
}
