package org.sparkcast.train;

/** Receives the run's progress after every round (a checkpoint store, or nothing). */
public interface CheckpointSink {
    void save(TrainingProgress progress, TrainingSettings settings);

    /** Keeps no checkpoints. */
    CheckpointSink NONE = (progress, settings) -> { };
}
