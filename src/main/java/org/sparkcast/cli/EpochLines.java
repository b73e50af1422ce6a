package org.sparkcast.cli;

import java.util.Locale;
import org.sparkcast.train.CheckpointSink;
import org.sparkcast.train.EpochRecord;
import org.sparkcast.train.TrainingProgress;
import org.sparkcast.train.TrainingSettings;

/**
 * Prints {@code train}'s epoch lines on standard output as epochs end (the trainer hands its progress to the
 * checkpoint sink after every round), flushed at once: a run that is stopped, or whose output is redirected to a
 * file, keeps every line of the epochs it finished. A resumed run first prints the epochs of the checkpoint.
 */
final class EpochLines implements CheckpointSink {
    private final CheckpointSink next;
    private int printed;

    EpochLines(CheckpointSink next) {
        this.next = next;
    }

    @Override
    public void save(TrainingProgress progress, TrainingSettings settings) {
        next.save(progress, settings);
        printNew(progress);
    }

    @Override
    public void flush() {
        next.flush();
    }

    /** Prints the epochs of {@code progress} not printed yet. */
    void printNew(TrainingProgress progress) {
        for (; printed < progress.history().size(); printed++) {
            EpochRecord e = progress.history().get(printed);
            System.out.printf(Locale.ROOT, "epoch %3d  train loss %.6f  validation loss %.6f  (%d windows)%n",
                    e.epoch(), e.trainLoss(), e.validationLoss(), e.windows());
        }
        System.out.flush();
    }
}
