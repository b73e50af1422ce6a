package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.Optimizer;

/**
 * A round reduced in shards ({@link ShardedRound}) reaches the model of a round reduced on the driver bit for bit,
 * and the bytes the driver receives per round stay flat as partitions grow where the driver's own reduction grows
 * with partitions x parameters.
 */
class ShardedReductionTest {
    private static final SyntheticWindows SOURCE = new SyntheticWindows(4, 60, 12, 5);

    private static TrainingProgress train(TrainingSettings settings, JavaRDD<WindowBlock> windows, JavaRDD<WindowBlock> validation,
                                          Reduction how) {
        return new DistributedTrainer(settings, CheckpointSink.NONE).reducing(how).train(windows, validation);
    }

    private static void assertSameRun(TrainingProgress expected, TrainingProgress actual, String what) {
        DistributedTrainerTest.assertBitIdentical(expected.model().params(), actual.model().params(), what + ": parameters");
        for (int s = 0; s < expected.model().optimizerState().length; s++) {
            DistributedTrainerTest.assertBitIdentical(expected.model().optimizerState()[s], actual.model().optimizerState()[s],
                    what + ": optimizer state " + s);
        }
        assertEquals(expected.model().step(), actual.model().step(), what + ": step");
        assertEquals(expected.history().toString(), actual.history().toString(), what + ": epoch history");
        assertEquals(expected.bestEpoch(), actual.bestEpoch(), what + ": best epoch");
    }

    @Test
    void shardedRoundsReachTheDriverReducedModelBitForBit() {
        JavaSparkContext jsc = LocalSpark.get();
        // every 2 windows, with validation riding along the next epoch's first round (TrainAndValidate)
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 3);
        JavaRDD<WindowBlock> windows = SOURCE.rdd(jsc, 5);
        JavaRDD<WindowBlock> validation = new SyntheticWindows(4, 36, 12, 11).rdd(jsc, 5);
        TrainingProgress driver = train(settings, windows, validation, Reduction.DRIVER);
        TrainingProgress sharded = train(settings, windows, validation, Reduction.SHARDED);
        assertSameRun(driver, sharded, "SGD-free Adam run, 5 partitions");
    }

    @Test
    void aFailedPartitionIsLeftOutOfTheShardsAsOfTheDriversSum() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = new TrainingSettings(TrainingFixtures.lstm(6), Optimizer.Kind.SGD, LearningRateSchedule.constant(0.05f),
                0.9f, 0f, GradientClipper.Mode.NONE, 0f, 4, SyncMode.EPOCH, 0, 2, 0);
        JavaRDD<WindowBlock> poisoned = jsc.parallelize(java.util.Arrays.asList(0, 1, 2), 3)
                .mapPartitionsWithIndex(new TrainingFixtures.PoisonWindow(SOURCE, 1, 2), true);
        TrainingProgress driver = train(settings, poisoned, null, Reduction.DRIVER);
        TrainingProgress sharded = train(settings, poisoned, null, Reduction.SHARDED);
        assertTrue(!driver.failures().isEmpty(), "partition 1 failed");
        assertEquals(driver.failures(), sharded.failures());
        assertSameRun(driver, sharded, "SGD with momentum, a failed partition");
    }

    @Test
    void shardsOfAnyCountAssembleTheSameModel() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 1);
        JavaRDD<WindowBlock> windows = SOURCE.rdd(jsc, 4);
        ModelState start = ModelState.initial(settings);
        Broadcast<RoundInput> round = jsc.broadcast(new RoundInput(start, settings, 0, 0, null, null));
        List<PartitionResult> direct = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            direct.add(new PartitionTrainer(round).train(p, SOURCE.windows(p).iterator()));
        }
        ModelState expected = ParameterAverager.average(direct, start);
        for (int shards : new int[] {1, 3, 7}) {
            ShardedRound.Outcome o = ShardedRound.run(windows, new ShardedRound.EachPartition<>(new PartitionTrainer(round)), start, shards);
            DistributedTrainerTest.assertBitIdentical(expected.params(), o.averaged().params(), shards + " shards: parameters");
            DistributedTrainerTest.assertBitIdentical(expected.optimizerState()[1], o.averaged().optimizerState()[1],
                    shards + " shards: Adam v");
            assertEquals(expected.step(), o.averaged().step());
            assertEquals(4, o.results().size());
        }
        round.destroy();
    }

    /** Bytes of task results the driver received (what {@code collect} / {@code runJob} hand it). */
    private static final class ResultBytes extends SparkListener {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                bytes.addAndGet(end.taskMetrics().resultSize());
            }
        }
    }

    @Test
    void driverBytesPerRoundStayFlatInThePartitionCount() throws java.util.concurrent.TimeoutException {
        JavaSparkContext jsc = LocalSpark.get();
        // a model of 17,729 parameters (LSTM 64) with Adam: 213 KB of parameters and state per partition; 1 lane per partition
        TrainingSettings settings = new TrainingSettings(TrainingFixtures.lstm(64), Optimizer.Kind.ADAM, LearningRateSchedule.constant(0.01f),
                0f, 0f, GradientClipper.Mode.GLOBAL_NORM, 1f, 3, SyncMode.EPOCH, 0, 1, 0);
        SyntheticWindows source = new SyntheticWindows(1, 24, 12, 5);
        ResultBytes listener = new ResultBytes();
        jsc.sc().addSparkListener(listener);
        StringBuilder table = new StringBuilder("partitions  driver-reduced bytes  sharded bytes  driver ms  sharded ms\n");
        long[][] bytes = new long[2][];
        int[] counts = {8, 32, 64, 128};
        bytes[0] = new long[counts.length];
        bytes[1] = new long[counts.length];
        try {
            for (int i = 0; i < counts.length; i++) {
                JavaRDD<WindowBlock> windows = source.rdd(jsc, counts[i]).cache();
                windows.count();
                long[] ms = new long[2];
                TrainingProgress[] runs = new TrainingProgress[2];
                for (Reduction how : new Reduction[] {Reduction.DRIVER, Reduction.SHARDED}) {
                    int k = how == Reduction.DRIVER ? 0 : 1;
                    jsc.sc().listenerBus().waitUntilEmpty();
                    listener.bytes.set(0);
                    long start = System.nanoTime();
                    runs[k] = train(settings, windows, null, how);
                    ms[k] = (System.nanoTime() - start) / 1_000_000;
                    jsc.sc().listenerBus().waitUntilEmpty();
                    bytes[k][i] = listener.bytes.get();
                }
                windows.unpersist();
                assertSameRun(runs[0], runs[1], counts[i] + " partitions");
                table.append(String.format(Locale.ROOT, "%10d  %20d  %13d  %9d  %10d%n", counts[i], bytes[0][i], bytes[1][i], ms[0], ms[1]));
            }
        } finally {
            jsc.sc().removeSparkListener(listener);
        }
        System.out.print(table);
        // the driver's own reduction grows with the partitions; the sharded one by the partitions' small results only
        assertTrue(bytes[0][3] > 12 * bytes[0][0], table::toString);
        assertTrue(bytes[1][3] < 3 * bytes[1][0], table::toString);
        assertTrue(bytes[1][3] * 20 < bytes[0][3], table::toString);
    }
}
