package org.sparkcast.train;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.HorizonLoss;

/**
 * The weights of {@code train.horizon-weights=naive}: label (h, y) weighs the inverse of the naive forecast's mean
 * absolute error at horizon step h of target y over the training windows (in scaled units: {@code |label - x_y|}, the
 * target's input at the origin, over every unmasked label), scaled so that the H*Y weights average 1.
 *
 * <p>Unweighted, a step's share of the direct loss grows with its error, and the naive error of hourly PM2.5 grows
 * about sevenfold from the first hour to the 24th: the late steps drive the gradient and the first hours, where
 * persistence is hardest to beat, are barely trained. Weighted, every step's loss is measured in units of the naive
 * error there, like MASE, and counts alike.
 *
 * <p>Deterministic: each partition sums in window order, the driver adds the partitions' sums in partition order, so
 * the same windows give the same weights (a resumed run recomputes them, and the checkpoint's settings must match).
 */
public final class HorizonWeights {
    private HorizonWeights() {
    }

    /** The weights ({@code [H][Y]}) for {@code loss}'s H and Y from {@code train}'s labels. */
    public static float[] fromNaiveErrors(JavaRDD<WindowBlock> train, HorizonLoss loss) {
        List<double[]> parts = train.mapPartitions(windows -> Collections.singletonList(sums(windows, loss)).iterator()).collect();
        double[] total = new double[2 * loss.horizon() * loss.targets()];
        for (double[] p : parts) {                                  // partition order
            for (int i = 0; i < total.length; i++) {
                total[i] += p[i];
            }
        }
        return weights(total, loss.horizon(), loss.targets());
    }

    /** The same from windows in hand (the benchmark's), summed in their order. */
    public static float[] fromNaiveErrors(Iterable<WindowBlock> windows, HorizonLoss loss) {
        return weights(sums(windows.iterator(), loss), loss.horizon(), loss.targets());
    }

    /** Per label, the sum of |label - x_y| over the windows, then the count of labels summed. */
    private static double[] sums(Iterator<WindowBlock> windows, HorizonLoss loss) {
        int per = loss.horizon() * loss.targets();
        double[] sums = new double[2 * per];
        while (windows.hasNext()) {
            add(windows.next(), per, loss.targets(), sums);
        }
        return sums;
    }

    /** Adds one window's absolute naive errors and counts per label into {@code sums}. */
    static void add(WindowBlock w, int per, int targets, double[] sums) {
        if (w.horizon * w.targets != per || w.targets != targets) {
            throw new IllegalStateException("a window of H=" + w.horizon + ", Y=" + w.targets + " for a loss of H*Y=" + per);
        }
        for (int row = 0; row < w.steps * w.lanes; row++) {
            for (int i = 0; i < per; i++) {
                int at = row * per + i;
                if (w.labelMask[at] > 0f) {
                    float origin = w.x[row * w.features + i % targets];
                    sums[i] += Math.abs(w.labels[at] - origin);
                    sums[per + i] += 1;
                }
            }
        }
    }

    /** 1 / mean error per label, scaled to mean 1; refuses a label without errors to weigh by. */
    static float[] weights(double[] sums, int horizon, int targets) {
        int per = horizon * targets;
        double[] inverse = new double[per];
        double mean = 0;
        for (int i = 0; i < per; i++) {
            double error = sums[per + i] == 0 ? 0 : sums[i] / sums[per + i];
            if (!(error > 0)) {
                throw new IllegalArgumentException(TrainKeys.HORIZON_WEIGHTS + "=naive: the training windows hold "
                        + (sums[per + i] == 0 ? "no observed value" : "no change") + " of target " + (i % targets + 1)
                        + " at horizon step " + (i / targets + 1) + ", so there is no naive error to weigh by; use "
                        + TrainKeys.HORIZON_WEIGHTS + "=equal");
            }
            inverse[i] = 1 / error;
            mean += inverse[i] / per;
        }
        float[] w = new float[per];
        for (int i = 0; i < per; i++) {
            w[i] = (float) (inverse[i] / mean);
        }
        return w;
    }

    /** One line for the console: the first target's weights at steps 1, 2, 3, 6, 12, 24 (those within H) and H. */
    public static String describe(float[] weights, int horizon, int targets) {
        StringBuilder b = new StringBuilder("horizon weights (inverse naive error on the training windows, mean 1):");
        java.util.SortedSet<Integer> steps = new java.util.TreeSet<>(List.of(1, 2, 3, 6, 12, 24, horizon));
        for (int step : steps.headSet(horizon + 1)) {
            b.append(String.format(Locale.ROOT, " step %d %.3f", step, weights[(step - 1) * targets]));
        }
        return b.toString();
    }
}
