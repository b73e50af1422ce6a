package org.sparkcast.train;

/** Receives the run's progress after every round (a checkpoint store, or nothing). */
public interface CheckpointSink {
    void save(TrainingProgress progress, TrainingSettings settings);

    /** Returns once every progress handed to {@link #save} is stored; a write that failed throws here. */
    default void flush() {
    }

    /** Keeps no checkpoints. */
    CheckpointSink NONE = (progress, settings) -> { };
}
