package org.sparkcast.train;

/** When the driver averages the partitions' parameters. */
public enum SyncMode {
    /** Once per epoch: every partition trains through all its windows in one round. */
    EPOCH,
    /** Every N windows of each partition ({@code TrainingSettings.syncWindows}). */
    WINDOWS
}
