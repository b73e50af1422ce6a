package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.WindowTrainer;

/** Synchronous parameter averaging on real Spark (local mode), against the engine trained alone. */
class DistributedTrainerTest {
    private static final SyntheticWindows SOURCE = new SyntheticWindows(4, 60, 12, 5);

    @Test
    void onePartitionIsBitIdenticalToTheEngineTrainedAloneOnTheSameWindows() {
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 2);
        TrainingProgress run = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(LocalSpark.get(), 1), null);

        ModelState init = ModelState.initial(settings);
        RecurrentNetwork net = new RecurrentNetwork(settings.network(), GemmKernels.defaultKernel());
        Optimizer optimizer = settings.newOptimizer(net.parameters().length);
        init.restoreInto(net, optimizer);
        for (int epoch = 0; epoch < 2; epoch++) {
            WindowTrainer trainer = new WindowTrainer(net, 4, settings.newClipper(), optimizer);
            for (WindowBlock w : SOURCE.windows(0)) {
                trainer.train(w.x, 0, w.y, 0, w.mask, 0, w.steps);
            }
        }
        assertBitIdentical(net.parameters(), run.model().params(), "parameters");
        assertBitIdentical(optimizer.stateArrays()[0], run.model().optimizerState()[0], "Adam m");
        assertBitIdentical(optimizer.stateArrays()[1], run.model().optimizerState()[1], "Adam v");
        assertEquals(optimizer.stepCount(), run.model().step());
        assertEquals(2, run.history().size());
    }

    @Test
    void learningRateScheduleSeesTheGlobalStepAcrossRounds() {
        // sync every 2 windows: 3 rounds per epoch; warm-up and decay cross round boundaries
        TrainingSettings settings = new TrainingSettings(TrainingFixtures.lstm(8), Optimizer.Kind.ADAM,
                new LearningRateSchedule(0.02f, 3, 0.5, 4), 0f, 0f, GradientClipper.Mode.GLOBAL_NORM, 1f, 3,
                SyncMode.WINDOWS, 2, 2, 0);
        TrainingProgress run = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(LocalSpark.get(), 1), null);

        RecurrentNetwork net = new RecurrentNetwork(settings.network(), GemmKernels.defaultKernel());
        Optimizer optimizer = settings.newOptimizer(net.parameters().length);
        ModelState.initial(settings).restoreInto(net, optimizer);
        for (int epoch = 0; epoch < 2; epoch++) {
            WindowTrainer trainer = new WindowTrainer(net, 4, settings.newClipper(), optimizer).withSchedule(settings.schedule());
            for (WindowBlock w : SOURCE.windows(0)) {
                trainer.train(w.x, 0, w.y, 0, w.mask, 0, w.steps);
            }
        }
        assertEquals(10, optimizer.stepCount());
        assertEquals(optimizer.stepCount(), run.model().step());
        assertBitIdentical(net.parameters(), run.model().params(), "parameters with a schedule over rounds");
    }

    @Test
    void equalShardsWithSgdAveragedEveryWindowMatchOneEngineOnAllLanes() {
        int lanes = 3;
        SyntheticWindows source = new SyntheticWindows(lanes, 40, 8, 9);
        TrainingSettings settings = new TrainingSettings(TrainingFixtures.lstm(6), Optimizer.Kind.SGD, LearningRateSchedule.constant(0.1f), 0f, 0f,
                GradientClipper.Mode.NONE, 0f, 4, SyncMode.WINDOWS, 1, 2, 0);
        TrainingProgress run = new DistributedTrainer(settings, CheckpointSink.NONE).train(source.rdd(LocalSpark.get(), 2), null);

        ModelState init = ModelState.initial(settings);
        RecurrentNetwork net = new RecurrentNetwork(settings.network(), GemmKernels.defaultKernel());
        Optimizer optimizer = settings.newOptimizer(net.parameters().length);
        init.restoreInto(net, optimizer);
        List<WindowBlock> p0 = source.windows(0);
        List<WindowBlock> p1 = source.windows(1);
        for (int epoch = 0; epoch < 2; epoch++) {
            WindowTrainer trainer = new WindowTrainer(net, 2 * lanes, settings.newClipper(), optimizer);
            for (int i = 0; i < p0.size(); i++) {
                WindowBlock both = concatLanes(p0.get(i), p1.get(i));
                trainer.train(both.x, 0, both.y, 0, both.mask, 0, both.steps);
            }
        }
        float[] expected = net.parameters();
        float[] actual = run.model().params();
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > 1e-5f + 1e-4f * Math.abs(expected[i])) {
                fail("parameter " + i + ": one engine on all lanes " + expected[i] + ", averaged shards " + actual[i]);
            }
        }
    }

    @Test
    void sameSeedGivesBitIdenticalModelAlsoWhenATaskFailsAndIsRetried() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 2);
        TrainingProgress first = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(jsc, 3), null);
        TrainingProgress second = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(jsc, 3), null);
        assertBitIdentical(first.model().params(), second.model().params(), "rerun");
        JavaRDD<WindowBlock> flaky = jsc.parallelize(IntStream.range(0, 3).boxed().toList(), 3)
                .mapPartitionsWithIndex(new TrainingFixtures.FailFirstAttempt(SOURCE, 1), true);
        TrainingProgress retried = new DistributedTrainer(settings, CheckpointSink.NONE).train(flaky, null);
        assertBitIdentical(first.model().params(), retried.model().params(), "with retried tasks");
        assertEquals(first.rounds(), retried.rounds());
        assertTrue(first.rounds() > 2, "several rounds per epoch with sync every 2 windows: " + first.rounds());
    }

    @Test
    void nonFiniteLossIsReportedWithPartitionAndWindowAndNeverAveragedIn() {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 1);
        JavaRDD<WindowBlock> poisoned = jsc.parallelize(IntStream.range(0, 2).boxed().toList(), 2)
                .mapPartitionsWithIndex(new TrainingFixtures.PoisonWindow(SOURCE, 1, 2), true);
        TrainingProgress run = new DistributedTrainer(settings, CheckpointSink.NONE)
                .namingSegments((partition, order) -> "'station-" + partition + "-" + order + "' segment 0").train(poisoned, null);
        assertEquals(1, run.failures().size(), run.failures().toString());
        assertTrue(run.failures().get(0).contains("partition 1, window 2: non-finite loss"), run.failures().get(0));
        assertTrue(run.failures().get(0).contains("(series: 'station-1-0' segment 0, 'station-1-1' segment 0,"), run.failures().get(0));
        for (float v : run.model().params()) {
            assertTrue(Float.isFinite(v), "non-finite parameter after averaging");
        }
        // only partition 0 was averaged in: the model equals partition 0 trained alone
        TrainingProgress alone = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(jsc, 1), null);
        assertBitIdentical(alone.model().params(), run.model().params(), "partition 0 only");
    }

    static WindowBlock concatLanes(WindowBlock a, WindowBlock b) {
        WindowBlock w = new WindowBlock();
        w.steps = a.steps;
        w.lanes = a.lanes + b.lanes;
        w.features = a.features;
        w.targets = a.targets;
        w.x = interleave(a.x, b.x, a.steps, a.lanes * a.features, b.lanes * b.features);
        w.y = interleave(a.y, b.y, a.steps, a.lanes * a.targets, b.lanes * b.targets);
        w.mask = interleave(a.mask, b.mask, a.steps, a.lanes, b.lanes);
        return w;
    }

    private static float[] interleave(float[] a, float[] b, int steps, int widthA, int widthB) {
        float[] out = new float[steps * (widthA + widthB)];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(a, t * widthA, out, t * (widthA + widthB), widthA);
            System.arraycopy(b, t * widthB, out, t * (widthA + widthB) + widthA, widthB);
        }
        return out;
    }

    static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " expected " + expected[i] + ", actual " + actual[i] + " (not bit-identical)");
            }
        }
    }

    @Test
    void overflowingParametersAreReportedAndTrainingStopsWhenEveryPartitionDiverges() {
        // SGD with lr * weight decay = 1e40: the first update (from a finite loss and gradient) overflows the weights
        TrainingSettings settings = new TrainingSettings(TrainingFixtures.lstm(4), Optimizer.Kind.SGD, LearningRateSchedule.constant(1e30f), 0f, 1e10f,
                GradientClipper.Mode.NONE, 0f, 1, SyncMode.EPOCH, 0, 1, 0);
        TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                () -> new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(LocalSpark.get(), 2), null));
        assertTrue(e.getMessage().contains("partition 0, window 0: non-finite parameter"), e.getMessage());
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
    }
}
