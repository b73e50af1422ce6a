package org.sparkcast.train;

import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.WindowTrainer;

/**
 * A partition's lanes trained through its windows in time order, the same for a Spark task
 * ({@link PartitionTrainer}) and for the bare engine that bench-train compares it with: lanes that begin a new
 * segment at a window are reset first (their carried state zeroed); a window without a valid step is then
 * skipped, since an optimizer step on zero gradients would still move Adam; every other window is one update
 * with the settings' clipper and learning-rate schedule. The lanes' state carries from window to window (detached).
 */
public final class PartitionPass {
    private final WindowTrainer trainer;
    private final HorizonLoss direct;
    private float lastLoss = Float.NaN;

    public PartitionPass(RecurrentNetwork net, int lanes, TrainingSettings settings, Optimizer optimizer) {
        this.trainer = new WindowTrainer(net, lanes, settings.newClipper(), optimizer).withSchedule(settings.schedule());
        this.direct = settings.direct();
    }

    /** Resets the lanes that begin a new segment at {@code w}, then trains on it unless it has no valid step; returns its valid steps (0: skipped). */
    public int train(WindowBlock w) {
        for (int b = 0; b < w.lanes; b++) {
            if (w.reset[b]) {
                trainer.bptt().resetLane(b);
            }
        }
        int valid = w.validSteps();
        if (valid > 0) {
            lastLoss = direct == null ? trainer.train(w.x, 0, w.y, 0, w.mask, 0, w.steps)
                    : trainer.train(w.x, 0, direct, w.labels, w.labelMask, 0, w.steps);
        }
        return valid;
    }

    /** The loss of the last window trained (NaN before the first). */
    public float lastLoss() {
        return lastLoss;
    }

    /** The window trainer underneath: its network, carried state and whether its last update applied. */
    public WindowTrainer trainer() {
        return trainer;
    }
}
