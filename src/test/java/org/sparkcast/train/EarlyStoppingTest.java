package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.Optimizer;

/** Validation after every epoch, the best model kept, and early stopping after {@code patience} epochs without improvement. */
class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutBetterValidationLossAndKeepsTheBestModel() {
        JavaSparkContext jsc = LocalSpark.get();
        // a learning rate far too high: the validation loss grows after the first epoch, so epoch 1 stays best
        TrainingSettings settings = new TrainingSettings(TrainingFixtures.lstm(8), Optimizer.Kind.SGD, LearningRateSchedule.constant(3f), 0.9f, 0f,
                GradientClipper.Mode.NONE, 0f, 2, SyncMode.EPOCH, 0, 40, 2);
        SyntheticWindows train = new SyntheticWindows(4, 48, 12, 1);
        SyntheticWindows held = new SyntheticWindows(4, 24, 12, 99);
        DistributedTrainer trainer = new DistributedTrainer(settings, CheckpointSink.NONE);
        TrainingProgress run = trainer.train(train.rdd(jsc, 1), held.rdd(jsc, 1));

        int epochs = run.history().size();
        assertTrue(epochs < 40, "early stopping never triggered: " + run.history());
        double best = run.history().stream().mapToDouble(EpochRecord::validationLoss).min().orElseThrow();
        assertEquals(best, run.bestValidationLoss(), 0.0);
        assertEquals(epochs - 2, run.bestEpoch(), "stopped exactly patience epochs after the best: " + run.history());
        for (int e = run.bestEpoch(); e < epochs; e++) {
            assertTrue(run.history().get(e).validationLoss() >= best, "epoch " + (e + 1) + " beat the best");
        }
        assertEquals(best, trainer.validate(jsc, run.best(), held.rdd(jsc, 1)), 1e-12, "kept best model reproduces its loss");
    }

    @Test
    void emptyValidationDataFallsBackToTrainingLossInsteadOfStoppingEarly() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 5);
        settings = new TrainingSettings(settings.network(), settings.optimizer(), settings.schedule(), 0f, 0f,
                settings.clipMode(), settings.clipNorm(), settings.seed(), SyncMode.EPOCH, 0, 5, 2);
        SyntheticWindows train = new SyntheticWindows(4, 48, 12, 1);
        // a validation RDD with partitions but no windows at all
        org.apache.spark.api.java.JavaRDD<org.sparkcast.data.WindowBlock> empty = train.rdd(jsc, 2).filter(w -> false);
        TrainingProgress run = new DistributedTrainer(settings, CheckpointSink.NONE).train(train.rdd(jsc, 1), empty);
        assertEquals(5, run.history().size(), "ran every epoch: " + run.history());
        assertTrue(Double.isNaN(run.history().get(0).validationLoss()));
        double bestTrain = run.history().stream().mapToDouble(EpochRecord::trainLoss).min().orElseThrow();
        assertEquals(bestTrain, run.bestValidationLoss(), 0.0, "best by training loss");
    }
}
