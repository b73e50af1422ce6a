package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written while the next round trains: same files, same resume, failures not lost. */
class BackgroundCheckpointsTest {
    private static final SyntheticWindows SOURCE = new SyntheticWindows(4, 48, 8, 21);

    @Test
    void aCrashedRunResumedFromBackgroundCheckpointsReachesTheUninterruptedModel(@TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 3);
        TrainingProgress straight = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));

        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        try (BackgroundCheckpoints background = store.inBackground()) {
            // hands round 5's checkpoint to the writer, then the driver "crashes" while it may still be in flight
            CheckpointSink crashing = (progress, s) -> {
                background.save(progress, s);
                if (progress.rounds() == 5) {
                    throw new IllegalStateException("simulated driver crash after round 5");
                }
            };
            assertThrows(IllegalStateException.class,
                    () -> new DistributedTrainer(settings, crashing).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1)));
        }
        TrainingProgress saved = store.latest().orElseThrow();
        assertEquals(5, saved.rounds(), "closing waits for the checkpoint in flight");
        TrainingProgress resumed;
        try (BackgroundCheckpoints background = store.inBackground()) {
            resumed = new DistributedTrainer(settings, background).resume(saved, SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));
        }
        DistributedTrainerTest.assertBitIdentical(straight.model().params(), resumed.model().params(), "resumed model");
        DistributedTrainerTest.assertBitIdentical(straight.best().params(), resumed.best().params(), "best model");
        assertEquals(straight.history().toString(), resumed.history().toString());
        // the last checkpoint is the finished run: train returns only after it is on disk
        TrainingProgress last = store.latest().orElseThrow();
        assertEquals(straight.rounds(), last.rounds());
        assertTrue(last.finished());
        DistributedTrainerTest.assertBitIdentical(straight.model().params(), last.model().params(), "last checkpoint");
    }

    @Test
    void theCheckpointHoldsTheProgressAsItWasWhenSaved(@TempDir Path tmp) {
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 1);
        TrainingProgress progress = new TrainingProgress(ModelState.initial(settings));
        progress.rounds = 7;
        float before = progress.model.params()[0];
        try (BackgroundCheckpoints background = store.inBackground()) {
            background.save(progress, settings);
            progress.rounds = 8; // what the trainer does next must not leak into round 7's checkpoint
            progress.model.params()[0] = before + 1f;
        }
        TrainingProgress read = store.latest().orElseThrow();
        assertEquals(7, read.rounds());
        assertEquals(before, read.model().params()[0]);
    }

    @Test
    void aFailedWriteFailsTheRunNamingTheDirectory(@TempDir Path tmp) throws Exception {
        Path blocker = Files.writeString(tmp.resolve("not-a-directory"), "x");
        CheckpointStore store = new CheckpointStore(blocker.resolve("checkpoints").toUri().toString(), new Configuration());
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 2);
        try (BackgroundCheckpoints background = store.inBackground()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> new DistributedTrainer(settings, background).train(SOURCE.rdd(LocalSpark.get(), 1), null));
            assertTrue(e.getMessage().contains("not-a-directory/checkpoints"), e.getMessage());
        }
    }
}
