package org.sparkcast.train;

/** What the network is trained to predict at every step of a window. */
public enum Objective {
    /** The next step's targets; a forecast feeds its own predictions back, step after step (recursive roll-out). */
    ONE_STEP,
    /** The next H steps of every target at once, optionally as quantiles ({@link org.sparkcast.engine.HorizonLoss}). */
    DIRECT
}
