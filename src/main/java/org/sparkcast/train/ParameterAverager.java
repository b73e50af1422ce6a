package org.sparkcast.train;

import java.util.List;

/**
 * Averages the partitions' models after a round, weighted by the windows each trained, summing in
 * partition order in double precision, so the result is bit-identical for the same inputs.
 *
 * <p>Policy: parameters and every optimizer state array (Adam's m and v, SGD's momentum) are averaged
 * with the same weights. The step count becomes the previous count plus the most windows any partition
 * trained this round (each partition took that many local steps from the broadcast state), so Adam's bias
 * correction and any schedule see the number of sequential updates the model has been through. Results
 * with a failure are left out; partitions that trained no window carry no weight.
 */
public final class ParameterAverager {
    private ParameterAverager() {
    }

    /** The averaged model, or {@code previous} unchanged when no partition trained a window. */
    public static ModelState average(List<PartitionResult> sortedResults, ModelState previous) {
        long total = 0;
        int maxWindows = 0;
        for (PartitionResult r : sortedResults) {
            if (r.failure == null) {
                total += r.windows;
                maxWindows = Math.max(maxWindows, r.windows);
            }
        }
        if (total == 0) {
            return previous;
        }
        float[] params = average(sortedResults, total, -1);
        float[][] state = new float[previous.optimizerState().length][];
        for (int s = 0; s < state.length; s++) {
            state[s] = average(sortedResults, total, s);
        }
        return new ModelState(params, state, previous.step() + maxWindows);
    }

    /** Weighted mean of the parameters ({@code slot == -1}) or of optimizer state array {@code slot}. */
    private static float[] average(List<PartitionResult> results, long total, int slot) {
        int n = results.get(0).model.params().length;
        double[] sum = new double[n];
        for (PartitionResult r : results) {
            if (r.failure != null || r.windows == 0) {
                continue;
            }
            float[] v = slot < 0 ? r.model.params() : r.model.optimizerState()[slot];
            double w = r.windows;
            for (int i = 0; i < n; i++) {
                sum[i] += w * v[i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sum[i] / total);
        }
        return out;
    }
}
