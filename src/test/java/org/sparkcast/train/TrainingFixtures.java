package org.sparkcast.train;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;

/** Settings and window sources shared by the training tests. */
final class TrainingFixtures {
    private TrainingFixtures() {
    }

    static NetworkSpec lstm(int hidden) {
        return new NetworkSpec(CellType.LSTM, 1, hidden, 1, Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS);
    }

    static TrainingSettings adam(SyncMode sync, int syncWindows, int epochs) {
        return new TrainingSettings(lstm(8), Optimizer.Kind.ADAM, LearningRateSchedule.constant(0.01f), 0f, 0f, GradientClipper.Mode.GLOBAL_NORM, 1f,
                3, sync, syncWindows, epochs, 0);
    }

    /** Windows whose generation fails on the first attempt of every task of one partition. */
    static final class FailFirstAttempt implements Function2<Integer, Iterator<Integer>, Iterator<WindowBlock>> {
        private static final long serialVersionUID = 1L;
        private final SyntheticWindows source;
        private final int failingPartition;

        FailFirstAttempt(SyntheticWindows source, int failingPartition) {
            this.source = source;
            this.failingPartition = failingPartition;
        }

        @Override
        public Iterator<WindowBlock> call(Integer partition, Iterator<Integer> ids) throws Exception {
            if (partition == failingPartition && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("injected failure: first attempt of partition " + partition);
            }
            return source.call(partition, ids);
        }
    }

    /** Windows where one partition's window {@code badWindow} holds a NaN input. */
    static final class PoisonWindow implements Function2<Integer, Iterator<Integer>, Iterator<WindowBlock>> {
        private static final long serialVersionUID = 1L;
        private final SyntheticWindows source;
        private final int partition;
        private final long badWindow;

        PoisonWindow(SyntheticWindows source, int partition, long badWindow) {
            this.source = source;
            this.partition = partition;
            this.badWindow = badWindow;
        }

        @Override
        public Iterator<WindowBlock> call(Integer p, Iterator<Integer> ids) throws Exception {
            java.util.List<WindowBlock> windows = source.windows(p);
            if (p == partition) {
                windows.get((int) badWindow).x[0] = Float.NaN;
            }
            return windows.iterator();
        }
    }
}
