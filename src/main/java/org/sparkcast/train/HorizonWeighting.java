package org.sparkcast.train;

/** How the direct objective weighs its horizon steps ({@code train.horizon-weights}). */
public enum HorizonWeighting {
    /** Every horizon step and target weighs 1. */
    EQUAL,
    /** Each horizon step and target weighs the inverse of the naive forecast's error there ({@link HorizonWeights}). */
    NAIVE
}
