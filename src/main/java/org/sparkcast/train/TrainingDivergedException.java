package org.sparkcast.train;

/**
 * Training cannot continue, and its model must not be written: every partition produced a non-finite loss or gradient,
 * or an epoch's loss exceeded the divergence factor times the best seen ({@link DistributedTrainer#stoppingOnDivergence}).
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
