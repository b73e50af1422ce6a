package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.Optimizer;

/**
 * The divergence check: it changes nothing in a run that does not diverge, and a run resumed from a checkpoint taken
 * before the diverging epoch stops at the same epoch with the same message as the run that never stopped.
 */
class DivergenceCheckTest {
    private static final SyntheticWindows SOURCE = new SyntheticWindows(4, 48, 8, 21);

    private static TrainingSettings adam(float learningRate) {
        return new TrainingSettings(TrainingFixtures.lstm(8), Optimizer.Kind.ADAM, LearningRateSchedule.constant(learningRate), 0f, 0f,
                GradientClipper.Mode.GLOBAL_NORM, 1f, 3, SyncMode.WINDOWS, 2, 3, 0);
    }

    @Test
    void aRunThatDoesNotDivergeIsTheSameWithTheCheck() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingProgress plain = new DistributedTrainer(adam(0.01f), CheckpointSink.NONE).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));
        TrainingProgress checked = new DistributedTrainer(adam(0.01f), CheckpointSink.NONE).stoppingOnDivergence(10)
                .train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));
        DistributedTrainerTest.assertBitIdentical(plain.best().params(), checked.best().params(), "best model");
        assertEquals(plain.history().toString(), checked.history().toString());
    }

    @Test
    void aResumedRunDivergesAtTheSameEpochWithTheSameMessage(@TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingDivergedException straight = assertThrows(TrainingDivergedException.class, () -> new DistributedTrainer(adam(100f),
                CheckpointSink.NONE).stoppingOnDivergence(10).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1)));
        assertTrue(straight.getMessage().matches("epoch 1: validation loss [0-9.]+ is more than 10 times the best seen "
                + "\\([0-9.]+, before training\\); lower train.learning-rate \\(now 100.0\\) or raise train.divergence-factor; "
                + "no model was written"), straight.getMessage());

        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        // round 1 of 3 in epoch 1: the checkpoint holds no closed epoch, so only the re-measured untrained loss can stop the resumed run
        assertThrows(IllegalStateException.class, () -> new DistributedTrainer(adam(100f), new CheckpointResumeTest.CrashAfter(store, 1))
                .stoppingOnDivergence(10).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1)));
        TrainingProgress saved = store.latest().orElseThrow();
        assertEquals(1, saved.rounds());
        TrainingDivergedException resumed = assertThrows(TrainingDivergedException.class, () -> new DistributedTrainer(adam(100f), store)
                .stoppingOnDivergence(10).resume(saved, SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1)));
        assertEquals(straight.getMessage(), resumed.getMessage());
    }
}
