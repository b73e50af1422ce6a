package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.data.WindowBlock;

/**
 * {@code train.average-epochs}: the written model is the mean of the K best epochs' parameters, computed here
 * independently from every epoch's model as it ended, and its validation loss is measured; a run resumed mid-epoch writes
 * the same bits; K = 1 writes the best epoch's model, and no K changes the training itself.
 */
class EpochAveragingTest {
    private static final SyntheticWindows TRAIN = new SyntheticWindows(4, 48, 8, 21);
    private static final SyntheticWindows HELD = new SyntheticWindows(4, 24, 8, 77);
    /** Adam, 3 rounds per epoch (6 windows, 2 per round), 6 epochs, no early stopping. */
    private static final TrainingSettings SETTINGS = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 6);

    /** Records the model every epoch ended with (saved right after its last round, before the next epoch trains). */
    private static final class EpochModels implements CheckpointSink {
        final Map<Integer, float[]> byEpoch = new TreeMap<>();

        @Override
        public void save(TrainingProgress progress, TrainingSettings settings) {
            if (progress.nextWindow == 0) { // the epoch just ended: the counter moved on, the window index restarted
                byEpoch.put(progress.epoch - 1, progress.model().params().clone());
            }
        }
    }

    private static JavaRDD<WindowBlock> train(JavaSparkContext jsc) {
        return TRAIN.rdd(jsc, 2);
    }

    private static JavaRDD<WindowBlock> held(JavaSparkContext jsc) {
        return HELD.rdd(jsc, 2); // as many partitions as training: validation rides along the next round
    }

    @Test
    void writtenModelIsTheMeanOfTheThreeBestEpochsParameters() {
        JavaSparkContext jsc = LocalSpark.get();
        EpochModels epochs = new EpochModels();
        DistributedTrainer trainer = new DistributedTrainer(SETTINGS.withAveragedEpochs(3), epochs);
        TrainingProgress run = trainer.train(train(jsc), held(jsc));
        assertEquals(6, epochs.byEpoch.size(), "every epoch's model recorded: " + epochs.byEpoch.keySet());

        // independently: the three lowest validation losses (earlier epoch first on a tie), their parameters averaged
        List<Integer> best = run.history().stream()
                .sorted(Comparator.comparingDouble(EpochRecord::validationLoss).thenComparingInt(EpochRecord::epoch))
                .limit(3).map(EpochRecord::epoch).sorted().toList();
        assertEquals(best, run.averagedEpochs());
        int n = epochs.byEpoch.get(1).length;
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int e : best) { // ascending epochs, double precision: the documented order
                sum += epochs.byEpoch.get(e)[i];
            }
            expected[i] = (float) (sum / 3);
        }
        DistributedTrainerTest.assertBitIdentical(expected, run.writtenParams(), "mean of epochs " + best);
        assertNotEquals(0, maxDiff(run.best().params(), run.writtenParams()), "the mean differs from the best epoch's model");
        ModelState mean = new ModelState(expected, run.best().optimizerState(), run.best().step());
        assertEquals(trainer.validate(jsc, mean, held(jsc)), run.writtenValidationLoss(), 0.0, "the mean's validation loss");
    }

    @Test
    void averagingChangesOnlyTheWrittenModelAndOneWritesTheBestEpochs() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingProgress one = new DistributedTrainer(SETTINGS, CheckpointSink.NONE).train(train(jsc), held(jsc));
        TrainingProgress three = new DistributedTrainer(SETTINGS.withAveragedEpochs(3), CheckpointSink.NONE).train(train(jsc), held(jsc));

        assertEquals(1, SETTINGS.averagedEpochs(), "the default");
        assertTrue(one.averagedEpochs().isEmpty());
        assertSame(one.best().params(), one.writtenParams(), "K = 1 writes the best epoch's parameters themselves");
        assertTrue(Double.isNaN(one.writtenValidationLoss()), "K = 1 measures nothing more");
        assertEquals(one.history().toString(), three.history().toString());
        assertEquals(one.bestEpoch(), three.bestEpoch());
        DistributedTrainerTest.assertBitIdentical(one.model().params(), three.model().params(), "last model");
        DistributedTrainerTest.assertBitIdentical(one.best().params(), three.best().params(), "best model");
    }

    @Test
    void runResumedMidEpochAveragesTheSameEpochsBitForBit(@TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = SETTINGS.withAveragedEpochs(3);
        TrainingProgress straight = new DistributedTrainer(settings, CheckpointSink.NONE).train(train(jsc), held(jsc));

        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        // round 14 is mid epoch 5: four epochs offered, three kept, one of them displaced or not yet
        assertThrows(IllegalStateException.class, () -> new DistributedTrainer(settings, new CheckpointResumeTest.CrashAfter(store, 14))
                .train(train(jsc), held(jsc)));
        TrainingProgress saved = store.latest().orElseThrow();
        assertEquals(14, saved.rounds());
        assertEquals(3, saved.bestEpochs.kept().size(), "the checkpoint holds the kept epochs");
        TrainingProgress resumed = new DistributedTrainer(settings, store).resume(saved, train(jsc), held(jsc));

        assertEquals(straight.averagedEpochs(), resumed.averagedEpochs());
        DistributedTrainerTest.assertBitIdentical(straight.writtenParams(), resumed.writtenParams(), "averaged model after resume");
        assertEquals(straight.history().toString(), resumed.history().toString());
    }

    @Test
    void refusesToResumeWithAnotherNumberOfEpochsToAverage(@TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        assertThrows(IllegalStateException.class, () -> new DistributedTrainer(SETTINGS.withAveragedEpochs(3),
                new CheckpointResumeTest.CrashAfter(store, 7)).train(train(jsc), held(jsc)));
        TrainingProgress saved = store.latest().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistributedTrainer(SETTINGS.withAveragedEpochs(2), store).resume(saved, train(jsc), held(jsc)));
        assertTrue(e.getMessage().contains("other training settings"), e.getMessage());
    }

    private static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
