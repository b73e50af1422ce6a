package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;

/**
 * Distributed training under the direct objective (pinball over three quantiles, H = 3) keeps the guarantees of the
 * one-step objective: a retried task and a resumed run give the model bit for bit, and the checkpoint keeps the objective.
 */
class DirectObjectiveTrainingTest {
    private static final int H = 3;
    private static final SyntheticWindows SOURCE = new SyntheticWindows(4, 48, 8, 33);
    private static final HorizonLoss OBJECTIVE = new HorizonLoss(H, 1, new float[] {0.1f, 0.5f, 0.9f});

    /** The objective, or with {@code weighted} the same with {@code train.horizon-weights=naive}'s weights of these windows. */
    private static HorizonLoss objective(JavaSparkContext jsc, boolean weighted) {
        if (!weighted) {
            return OBJECTIVE;
        }
        float[] w = HorizonWeights.fromNaiveErrors(windows(jsc, 2, -1), OBJECTIVE);
        assertTrue(w[0] > w[H - 1], "the naive error grows with the step, so the weights fall: " + java.util.Arrays.toString(w));
        return OBJECTIVE.withWeights(w);
    }

    private static TrainingSettings settings(int epochs) {
        return settings(epochs, OBJECTIVE);
    }

    private static TrainingSettings settings(int epochs, HorizonLoss objective) {
        NetworkSpec net = new NetworkSpec(CellType.LSTM, 1, 8, 2, Directionality.UNIDIRECTIONAL, OBJECTIVE.outputs(), LossKind.MSE_ALL_STEPS);
        return new TrainingSettings(net, Optimizer.Kind.ADAM, LearningRateSchedule.constant(0.01f), 0f, 0f, GradientClipper.Mode.GLOBAL_NORM,
                1f, 3, SyncMode.WINDOWS, 2, epochs, 0, objective);
    }

    /**
     * The synthetic windows with direct labels: step t of a lane labels the targets of steps t .. t+H-1 of the window
     * (y[t] is already the next step's value), masked past the window's end. Fails the first attempt of one partition's task.
     */
    static final class WithLabels implements Function2<Integer, Iterator<Integer>, Iterator<WindowBlock>> {
        private static final long serialVersionUID = 1L;
        private final int failingPartition;

        WithLabels(int failingPartition) {
            this.failingPartition = failingPartition;
        }

        @Override
        public Iterator<WindowBlock> call(Integer partition, Iterator<Integer> ids) {
            if (partition == failingPartition && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("injected failure: first attempt of partition " + partition);
            }
            List<WindowBlock> windows = SOURCE.windows(partition);
            for (WindowBlock w : windows) {
                w.horizon = H;
                w.labels = new float[w.steps * w.lanes * H];
                w.labelMask = new float[w.labels.length];
                for (int t = 0; t < w.steps; t++) {
                    for (int b = 0; b < w.lanes; b++) {
                        for (int h = 0; h < H && t + h < w.steps; h++) {
                            w.labels[(t * w.lanes + b) * H + h] = w.y[(t + h) * w.lanes + b];
                            w.labelMask[(t * w.lanes + b) * H + h] = 1f;
                        }
                    }
                }
            }
            return windows.iterator();
        }
    }

    private static JavaRDD<WindowBlock> windows(JavaSparkContext jsc, int partitions, int failing) {
        return jsc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions).mapPartitionsWithIndex(new WithLabels(failing), true);
    }

    @ParameterizedTest(name = "horizon weights {0}")
    @ValueSource(booleans = {false, true})
    void retriedTaskGivesTheSameDirectModelBitForBitAndTrainingLowersTheLoss(boolean weighted) {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = settings(3, objective(jsc, weighted));
        TrainingProgress first = new DistributedTrainer(settings, CheckpointSink.NONE).train(windows(jsc, 2, -1), windows(jsc, 1, -1));
        TrainingProgress retried = new DistributedTrainer(settings, CheckpointSink.NONE).train(windows(jsc, 2, 1), windows(jsc, 1, -1));
        DistributedTrainerTest.assertBitIdentical(first.model().params(), retried.model().params(), "with a retried task");
        assertEquals(first.history().toString(), retried.history().toString());
        double start = first.history().get(0).trainLoss();
        double end = first.history().get(2).trainLoss();
        assertTrue(end < 0.8 * start, "pinball loss from " + start + " to " + end);
    }

    @ParameterizedTest(name = "horizon weights {0}")
    @ValueSource(booleans = {false, true})
    void resumedDirectRunReachesTheUninterruptedModelAndKeepsTheObjective(boolean weighted, @TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        HorizonLoss objective = objective(jsc, weighted);
        TrainingProgress straight = new DistributedTrainer(settings(2, objective), CheckpointSink.NONE)
                .train(windows(jsc, 2, -1), windows(jsc, 1, -1));
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        assertThrows(IllegalStateException.class, () -> new DistributedTrainer(settings(2, objective), new CheckpointResumeTest.CrashAfter(store, 4))
                .train(windows(jsc, 2, -1), windows(jsc, 1, -1)));
        TrainingProgress saved = store.latest().orElseThrow();
        assertEquals(objective, saved.checkpointSettings().direct(), "the checkpoint keeps the direct objective, weights included");
        assertEquals(objective(jsc, weighted), objective, "the weights are recomputed bit for bit on resume");
        TrainingProgress resumed = new DistributedTrainer(settings(2, objective), store).resume(saved, windows(jsc, 2, -1), windows(jsc, 1, -1));
        DistributedTrainerTest.assertBitIdentical(straight.model().params(), resumed.model().params(), "resumed model");
        assertEquals(straight.history().toString(), resumed.history().toString());
        TrainingSettings oneStepHead = new TrainingSettings(settings(2).network(), Optimizer.Kind.ADAM, LearningRateSchedule.constant(0.01f),
                0f, 0f, GradientClipper.Mode.GLOBAL_NORM, 1f, 3, SyncMode.WINDOWS, 2, 2, 0,
                new HorizonLoss(9, 1, new float[0]));
        assertNotEquals(settings(2), oneStepHead);
        assertThrows(IllegalArgumentException.class, () -> new DistributedTrainer(oneStepHead, store).resume(saved, windows(jsc, 2, -1), null));
        HorizonLoss otherWeights = objective.withWeights(weighted ? null : new float[] {1f, 1f, 1f});
        assertThrows(IllegalArgumentException.class, () -> new DistributedTrainer(settings(2, otherWeights), store)
                .resume(saved, windows(jsc, 2, -1), null), "a checkpoint of other horizon weights is not resumed");
    }
}
