package org.sparkcast.data;

/** Normalisation of numeric columns, fitted on the training range: (v - mean) / std, (v - min) / (max - min), or none. */
public enum ScalingKind {
    Z_SCORE, MIN_MAX, NONE
}
