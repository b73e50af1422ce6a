package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The K best epochs on a dozen hand-written offers, and their mean. */
class BestEpochsTest {

    @Test
    void keepsTheKLowestScoresAndNeverANaN() {
        BestEpochs best = new BestEpochs(3);
        double[] scores = {0.50, 0.40, Double.NaN, 0.45, 0.30, 0.60, 0.41};
        for (int e = 1; e <= scores.length; e++) {
            best.offer(e, scores[e - 1], new float[] {e});
        }
        assertEquals(List.of(2, 5, 7), best.epochs(), "0.30 (epoch 5), 0.40 (2), 0.41 (7)");
        assertEquals(List.of(5, 2, 7), best.kept().stream().map(BestEpochs.Kept::epoch).toList(), "lowest score first");
    }

    @Test
    void anEqualScoreNeverDisplacesAnEarlierEpoch() {
        BestEpochs best = new BestEpochs(2);
        best.offer(1, 0.2, new float[] {1});
        best.offer(2, 0.3, new float[] {2});
        best.offer(3, 0.3, new float[] {3});
        best.offer(4, 0.2, new float[] {4});
        assertEquals(List.of(1, 4), best.epochs());
        best.offer(5, 0.2, new float[] {5});
        assertEquals(List.of(1, 4), best.epochs(), "0.2 again: the earlier epochs stay");
    }

    @Test
    void meanIsTheElementwiseMeanOfTheKeptParameters() {
        BestEpochs best = new BestEpochs(3);
        best.offer(1, 0.9, new float[] {100f, 100f});
        best.offer(2, 0.1, new float[] {1f, -2f});
        best.offer(3, 0.2, new float[] {2f, 0.5f});
        best.offer(4, 0.3, new float[] {0.25f, 4f});
        best.offer(5, 0.8, new float[] {-7f, 7f});
        // epochs 2, 3, 4: (1 + 2 + 0.25) / 3 and (-2 + 0.5 + 4) / 3
        assertArrayEquals(new float[] {(float) (3.25 / 3), (float) (2.5 / 3)}, best.mean());
    }

    @Test
    void theMeanDoesNotDependOnTheOrderTheEpochsWereKeptIn() {
        float[] a = {0.1f, 1e-7f, 3.3f};
        float[] b = {0.7f, 1e7f, -3.3f};
        float[] c = {1.9f, 0.3f, 2.2f};
        BestEpochs one = new BestEpochs(3);
        one.offer(1, 0.3, a);
        one.offer(2, 0.2, b);
        one.offer(3, 0.1, c);
        BestEpochs other = new BestEpochs(3);
        other.restore(3, 0.1, c);
        other.restore(1, 0.3, a);
        other.restore(2, 0.2, b);
        DistributedTrainerTest.assertBitIdentical(one.mean(), other.mean(), "mean of epochs 1-3");
    }

    @Test
    void oneKeepsNothingSoTheBestEpochIsWritten() {
        BestEpochs best = new BestEpochs(1);
        best.offer(1, 0.1, new float[] {1});
        assertTrue(best.epochs().isEmpty());
        assertNull(best.mean());
        assertThrows(IllegalArgumentException.class, () -> best.restore(1, 0.1, new float[] {1}));
    }

    @Test
    void rejectsNoEpochsAndAnotherParameterCount() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new BestEpochs(0));
        assertEquals("epochs to average must be >= 1, got 0", zero.getMessage());
        BestEpochs best = new BestEpochs(2);
        best.offer(1, 0.1, new float[] {1, 2});
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> best.offer(2, 0.05, new float[] {1}));
        assertEquals("epoch 2 has 1 parameters, the kept epochs 2", shape.getMessage());
    }
}
