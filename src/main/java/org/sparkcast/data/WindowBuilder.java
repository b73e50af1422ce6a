package org.sparkcast.data;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Stage 4, per partition: its steps arrive sorted by {@link StepKey} (segment order, then time); they are
 * spilled to local disk ({@link SpillFile}) and streamed out as {@link WindowBlock}s by a
 * {@link LaneScheduler}. Memory per task does not grow with the length of a series.
 */
public final class WindowBuilder implements Function2<Integer, Iterator<Tuple2<StepKey, float[]>>, Iterator<WindowBlock>> {
    private static final long serialVersionUID = 1L;

    private final FeatureLayout layout;
    private final int steps;
    private final int lanes;
    private final int horizon;

    /** {@code horizon} > 0: windows with the direct objective's labels (see {@link LaneScheduler}). */
    public WindowBuilder(FeatureLayout layout, WindowSpec window, int horizon) {
        this.layout = layout;
        this.steps = window.steps;
        this.lanes = window.lanes;
        this.horizon = horizon;
    }

    @Override
    public Iterator<WindowBlock> call(Integer partition, Iterator<Tuple2<StepKey, float[]>> input) {
        SpillFile spill = SpillFile.write(input, layout.width() + (horizon > 0 ? 1 : 0)); // inside a task, deleted when the task ends
        TaskContext task = TaskContext.get();
        LaneScheduler windows = new LaneScheduler(spill, layout, partition, steps, lanes, horizon);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = windows.hasNext();
                if (!more && task == null) {
                    spill.close();
                }
                return more;
            }

            @Override
            public WindowBlock next() {
                return windows.next();
            }
        };
    }
}
