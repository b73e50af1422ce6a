package org.sparkcast.train;

/** Training cannot continue: every partition produced a non-finite loss or gradient. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
