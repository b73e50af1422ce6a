package org.sparkcast.data;

/** How each series is split in time into train, validation and test: by fractions of its time range, or at fixed dates. */
public enum SplitMode {
    FRACTION, DATES
}
