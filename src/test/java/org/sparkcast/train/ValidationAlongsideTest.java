package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.Optimizer;

/**
 * An epoch's validation rides on the job of the next epoch's first round: one Spark job per epoch instead of
 * two, with exactly the losses, models and history of validating in jobs of their own.
 */
class ValidationAlongsideTest {
    private static final SyntheticWindows TRAIN = new SyntheticWindows(4, 48, 8, 21);
    private static final SyntheticWindows HELD = new SyntheticWindows(4, 24, 8, 77);

    /** Counts the Spark jobs started while it runs. */
    private static int jobs(JavaSparkContext jsc, Runnable run) {
        AtomicInteger started = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                started.incrementAndGet();
            }
        };
        jsc.sc().addSparkListener(counter);
        try {
            run.run();
            try {
                jsc.sc().listenerBus().waitUntilEmpty(); // job-start events reach listeners asynchronously
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            }
            return started.get();
        } finally {
            jsc.sc().removeSparkListener(counter);
        }
    }

    @Test
    void sameHistoryAndModelsAsValidatingInOwnJobsWithOneJobPerEpochFewer() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 4);
        var train = TRAIN.rdd(jsc, 2).cache();
        var held = HELD.rdd(jsc, 2).cache();
        train.count();
        held.count();
        TrainingProgress[] runs = new TrainingProgress[2];
        int separate = jobs(jsc, () -> runs[0] = new DistributedTrainer(settings, CheckpointSink.NONE).validatingInOwnJobs().train(train, held));
        int alongside = jobs(jsc, () -> runs[1] = new DistributedTrainer(settings, CheckpointSink.NONE).train(train, held));

        assertEquals(runs[0].history().toString(), runs[1].history().toString());
        DistributedTrainerTest.assertBitIdentical(runs[0].model().params(), runs[1].model().params(), "final model");
        DistributedTrainerTest.assertBitIdentical(runs[0].best().params(), runs[1].best().params(), "best model");
        assertEquals(runs[0].bestEpoch(), runs[1].bestEpoch());
        assertEquals(runs[0].rounds(), runs[1].rounds());
        // 6 windows per partition, 2 per round: 3 rounds per epoch; own jobs add one validation job per epoch
        assertEquals(4 * 3 + 4, separate, "rounds plus a validation job per epoch");
        assertEquals(4 * 3 + 1, alongside, "rounds plus one validation job, for the last epoch");
    }

    @Test
    void earlyStoppingGivesTheSameRunAndNoRoundIsWasted() {
        JavaSparkContext jsc = LocalSpark.get();
        // far too high a learning rate: validation loss grows after epoch 1 and patience 2 stops the run
        TrainingSettings settings = new TrainingSettings(TrainingFixtures.lstm(8), Optimizer.Kind.SGD, LearningRateSchedule.constant(3f), 0.9f, 0f,
                GradientClipper.Mode.NONE, 0f, 2, SyncMode.EPOCH, 0, 40, 2);
        TrainingProgress[] runs = new TrainingProgress[2];
        DistributedTrainer[] trainers = {new DistributedTrainer(settings, CheckpointSink.NONE).validatingInOwnJobs(),
            new DistributedTrainer(settings, CheckpointSink.NONE)};
        int separate = jobs(jsc, () -> runs[0] = trainers[0].train(TRAIN.rdd(jsc, 2), HELD.rdd(jsc, 2)));
        int alongside = jobs(jsc, () -> runs[1] = trainers[1].train(TRAIN.rdd(jsc, 2), HELD.rdd(jsc, 2)));
        assertTrue(runs[0].history().size() < 40, "early stopping never triggered: " + runs[0].history());
        assertEquals(runs[0].history().toString(), runs[1].history().toString());
        assertEquals(runs[0].rounds(), runs[1].rounds());
        assertEquals(runs[1].rounds(), trainers[1].roundTimings().size(), "every round trained was kept");
        DistributedTrainerTest.assertBitIdentical(runs[0].model().params(), runs[1].model().params(), "final model");
        DistributedTrainerTest.assertBitIdentical(runs[0].best().params(), runs[1].best().params(), "best model");
        // an epoch is validated alongside unless its validation could stop the run (patience 2: one epoch without a
        // better loss already behind it), so nothing trained alongside is ever thrown away
        int couldStop = 0;
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (EpochRecord e : runs[0].history()) {
            couldStop += sinceBest + 1 >= 2 ? 1 : 0;
            sinceBest = e.validationLoss() < best ? 0 : sinceBest + 1;
            best = Math.min(best, e.validationLoss());
        }
        assertTrue(couldStop >= 1);
        assertEquals(separate - (runs[0].history().size() - couldStop), alongside,
                "jobs: " + separate + " validating in own jobs, " + alongside + " alongside");
    }

    @Test
    void aRunResumedWhileAnEpochAwaitsValidationReachesTheUninterruptedRun(@TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 3);
        TrainingProgress straight = new DistributedTrainer(settings, CheckpointSink.NONE).train(TRAIN.rdd(jsc, 2), HELD.rdd(jsc, 2));

        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        CheckpointSink crashing = (progress, s) -> {
            store.save(progress, s);
            if (progress.awaitingValidation != null) {
                throw new IllegalStateException("simulated driver crash while epoch " + progress.awaitingValidation.epoch() + " awaits validation");
            }
        };
        assertThrows(IllegalStateException.class, () -> new DistributedTrainer(settings, crashing).train(TRAIN.rdd(jsc, 2), HELD.rdd(jsc, 2)));
        TrainingProgress saved = store.latest().orElseThrow();
        assertNotNull(saved.awaitingValidation, "the checkpoint keeps the epoch awaiting validation");
        assertEquals(1, saved.awaitingValidation.epoch());
        IllegalArgumentException noValidation = assertThrows(IllegalArgumentException.class,
                () -> new DistributedTrainer(settings, CheckpointSink.NONE).resume(saved, TRAIN.rdd(jsc, 2), null));
        assertTrue(noValidation.getMessage().contains("awaits its validation loss"), noValidation.getMessage());
        TrainingProgress resumed = new DistributedTrainer(settings, store).resume(saved, TRAIN.rdd(jsc, 2), HELD.rdd(jsc, 2));

        assertEquals(straight.history().toString(), resumed.history().toString());
        DistributedTrainerTest.assertBitIdentical(straight.model().params(), resumed.model().params(), "resumed model");
        DistributedTrainerTest.assertBitIdentical(straight.best().params(), resumed.best().params(), "best model");
    }
}
