package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.HorizonLoss;

/**
 * {@code train.horizon-weights=naive}: each label (h, y) weighs the inverse of the naive forecast's mean absolute error
 * there over the training windows, scaled to mean 1; computed by a Spark job whose partitions' sums are added in order.
 */
class HorizonWeightsTest {
    private static final HorizonLoss LOSS = new HorizonLoss(2, 1, new float[] {0.5f}, true);

    /**
     * One lane, two steps, two features (the target first), H = 2. The naive errors |label - x_target|: step 1
     * |2 - 1| and |4 - 2| (mean 1.5), step 2 |4 - 1| (mean 3; its second label is masked and 100 must not count).
     * Inverses 2/3 and 1/3, mean 1/2: weights 4/3 and 2/3.
     */
    static WindowBlock window(float shift) {
        WindowBlock w = new WindowBlock();
        w.steps = 2;
        w.lanes = 1;
        w.features = 2;
        w.targets = 1;
        w.horizon = 2;
        w.x = new float[] {1f + shift, 9f, 2f + shift, 9f};
        w.y = new float[] {2f + shift, 4f + shift};
        w.mask = new float[] {1f, 1f};
        w.labels = new float[] {2f + shift, 4f + shift, 4f + shift, 100f};
        w.labelMask = new float[] {1f, 1f, 1f, 0f};
        return w;
    }

    @Test
    void weighsEachStepByItsInverseNaiveErrorScaledToMeanOne() {
        double[] sums = new double[4];
        HorizonWeights.add(window(0f), 2, 1, sums);
        assertArrayEquals(new double[] {3, 3, 2, 1}, sums, "error sums, then counts");
        float[] w = HorizonWeights.weights(sums, 2, 1);
        assertArrayEquals(new float[] {4f / 3, 2f / 3}, w, 1e-6f);
        assertEquals("horizon weights (inverse naive error on the training windows, mean 1): step 1 1.333 step 2 0.667",
                HorizonWeights.describe(w, 2, 1));
    }

    @Test
    void sparkJobGivesTheSameWeightsForAnyPartitioning() {
        JavaSparkContext jsc = LocalSpark.get();
        List<WindowBlock> windows = List.of(window(0f), window(5f), window(-3f));
        float[] one = HorizonWeights.fromNaiveErrors(jsc.parallelize(windows, 1), LOSS);
        assertArrayEquals(new float[] {4f / 3, 2f / 3}, one, 1e-6f);
        assertArrayEquals(one, HorizonWeights.fromNaiveErrors(jsc.parallelize(windows, 3), LOSS));
        assertArrayEquals(one, HorizonWeights.fromNaiveErrors(windows, LOSS), "the benchmark's windows in hand");
    }

    @Test
    void aStepWithoutObservedLabelsOrWithoutChangeIsRefusedNamingIt() {
        WindowBlock w = window(0f);
        w.labelMask[1] = 0f;                                                  // step 2 now has no counted label
        double[] sums = new double[4];
        HorizonWeights.add(w, 2, 1, sums);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HorizonWeights.weights(sums, 2, 1));
        assertTrue(e.getMessage().contains("no observed value of target 1 at horizon step 2")
                && e.getMessage().contains("train.horizon-weights=equal"), e.getMessage());
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> HorizonWeights.weights(new double[] {0, 1, 4, 4}, 2, 1));
        assertTrue(flat.getMessage().contains("no change of target 1 at horizon step 1"), flat.getMessage());
    }
}
