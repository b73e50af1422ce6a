package org.sparkcast.data;

/** The time ranges of every series: train, then validation, then test. */
public enum Split {
    TRAIN, VALIDATION, TEST
}
