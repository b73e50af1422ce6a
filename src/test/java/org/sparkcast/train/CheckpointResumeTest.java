package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that crashes after a checkpoint and is resumed reaches the model of a run that never stopped. */
class CheckpointResumeTest {
    private static final SyntheticWindows SOURCE = new SyntheticWindows(4, 48, 8, 21);

    /** Saves like the store, then "crashes" the driver after round {@code crashAfter}. */
    static final class CrashAfter implements CheckpointSink {
        private final CheckpointStore store;
        private final long crashAfter;

        CrashAfter(CheckpointStore store, long crashAfter) {
            this.store = store;
            this.crashAfter = crashAfter;
        }

        @Override
        public void save(TrainingProgress progress, TrainingSettings settings) {
            store.save(progress, settings);
            if (progress.rounds() == crashAfter) {
                throw new IllegalStateException("simulated driver crash after round " + crashAfter);
            }
        }
    }

    @Test
    void resumedRunReachesTheUninterruptedModelBitForBit(@TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 3);
        TrainingProgress straight = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));

        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        // round 5 is in the middle of epoch 2 (3 rounds per epoch): carried lane state and partial sums matter
        assertThrows(IllegalStateException.class,
                () -> new DistributedTrainer(settings, new CrashAfter(store, 5)).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1)));
        TrainingProgress saved = store.latest().orElseThrow();
        assertEquals(5, saved.rounds());
        TrainingProgress resumed = new DistributedTrainer(settings, store).resume(saved, SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));

        DistributedTrainerTest.assertBitIdentical(straight.model().params(), resumed.model().params(), "resumed model");
        DistributedTrainerTest.assertBitIdentical(straight.best().params(), resumed.best().params(), "best model");
        assertEquals(straight.history().toString(), resumed.history().toString());
        String[] left = new File(tmp.toString()).list();
        Arrays.sort(left);
        assertTrue(Arrays.stream(left).noneMatch(n -> n.startsWith("_tmp-")), "temporary files left: " + Arrays.toString(left));
        assertEquals(CheckpointStore.KEEP, Arrays.stream(left).filter(n -> n.endsWith(".ckpt")).count(), Arrays.toString(left));
    }

    @Test
    void refusesToResumeWithOtherSettings(@TempDir Path tmp) throws Exception {
        JavaSparkContext jsc = LocalSpark.get();
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        new DistributedTrainer(TrainingFixtures.adam(SyncMode.EPOCH, 0, 1), store).train(SOURCE.rdd(jsc, 1), null);
        TrainingProgress saved = store.latest().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistributedTrainer(TrainingFixtures.adam(SyncMode.EPOCH, 0, 2), store).resume(saved, SOURCE.rdd(jsc, 1), null));
        assertTrue(e.getMessage().contains("other training settings"), e.getMessage());
        assertTrue(Files.list(tmp).count() >= 1);
    }

    @Test
    void refusesToResumeOnOtherDataAndFallsBackPastAnUnreadableNewestCheckpoint(@TempDir Path tmp) throws Exception {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 2);
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        new DistributedTrainer(settings, store).describingData("data A").train(SOURCE.rdd(jsc, 1), null);
        TrainingProgress saved = store.latest().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistributedTrainer(settings, store).describingData("data B").resume(saved, SOURCE.rdd(jsc, 1), null));
        assertTrue(e.getMessage().contains("other data or partitioning") && e.getMessage().contains("data A"), e.getMessage());

        // a machine crash can leave the newest checkpoint empty: resume reads the one before
        Path newest = Files.list(tmp).filter(p -> p.toString().endsWith(".ckpt")).sorted().reduce((a, b) -> b).orElseThrow();
        Files.write(newest, new byte[0]);
        assertEquals(1, store.latest().orElseThrow().rounds());
    }
}
