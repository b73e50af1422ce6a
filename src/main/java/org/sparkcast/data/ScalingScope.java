package org.sparkcast.data;

/** Whether normalisation statistics are fitted over all series together or per series. */
public enum ScalingScope {
    GLOBAL, PER_SERIES
}
