package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lanes and windows without Spark: exact x, y, masks and reset flags, time-major [k][B][F]. */
class WindowLayoutTest {
    @TempDir
    Path dir;

    private FeatureLayout layout(String future) {
        return new FeatureLayout(new TinyData(dir).set("data.columns.future", future).config(), List.of());
    }

    private static List<WindowBlock> all(LaneScheduler s) {
        List<WindowBlock> out = new ArrayList<>();
        s.forEachRemaining(out::add);
        return out;
    }

    @Test
    void lanesTakeTheNextSegmentWhenTheirsEndsAndRaggedEndsAreMasked() {
        ArrayStore store = new ArrayStore(1, new float[] {1, 2, 3, 4, 5}, new float[] {10, 11, 12}, new float[] {20, 21});
        List<WindowBlock> w = all(new LaneScheduler(store, layout(""), 0, 2, 2));
        assertEquals(2, w.size());
        // window 0: lane 0 starts segment 0, lane 1 starts segment 1
        assertArrayEquals(new float[] {1, 10, 2, 11}, w.get(0).x);
        assertArrayEquals(new float[] {2, 11, 3, 12}, w.get(0).y);
        assertArrayEquals(new float[] {1, 1, 1, 1}, w.get(0).mask);
        assertArrayEquals(new boolean[] {true, true}, w.get(0).reset);
        assertArrayEquals(new int[] {0, 1}, w.get(0).segment);
        // window 1: lane 0 carries on (no reset); lane 1 moved to segment 2, whose single step leaves a masked end
        assertArrayEquals(new float[] {3, 20, 4, 0}, w.get(1).x);
        assertArrayEquals(new float[] {4, 21, 5, 0}, w.get(1).y);
        assertArrayEquals(new float[] {1, 1, 1, 0}, w.get(1).mask);
        assertArrayEquals(new boolean[] {false, true}, w.get(1).reset);
        assertArrayEquals(new int[] {0, 2}, w.get(1).segment);
        assertEquals(1, w.get(1).index);
    }

    @Test
    void idleLanesAreFullyMaskedWhenSegmentsRunOut() {
        ArrayStore store = new ArrayStore(1, new float[] {1, 2, 3, 4});
        List<WindowBlock> w = all(new LaneScheduler(store, layout(""), 3, 2, 2));
        assertEquals(2, w.size());
        assertArrayEquals(new float[] {1, 0, 1, 0}, w.get(0).mask);
        assertArrayEquals(new int[] {0, -1}, w.get(0).segment);
        assertArrayEquals(new float[] {1, 0, 0, 0}, w.get(1).mask);
        assertArrayEquals(new float[] {3, 0, 0, 0}, w.get(1).x);
        assertEquals(3, w.get(1).partition);
    }

    @Test
    void knownFutureCovariatesComeFromTheNextStep() {
        // rows [y, u]: x_t = [y_t, u_{t+1}], target y_{t+1}
        ArrayStore store = new ArrayStore(2, new float[] {1, 100, 2, 200, 3, 300});
        List<WindowBlock> w = all(new LaneScheduler(store, layout("u"), 0, 2, 1));
        assertEquals(1, w.size());
        assertArrayEquals(new float[] {1, 200, 2, 300}, w.get(0).x);
        assertArrayEquals(new float[] {2, 3}, w.get(0).y);
    }

    @Test
    void directLabelsAreTheNextHTargetsOfTheSegmentMaskedPastItsEndAndWhereNotObserved() {
        // stored rows [y, observed]; segment 0: y = 1..5 with step 3 (y = 4) imputed; segment 1: y = 10, 11
        ArrayStore store = new ArrayStore(2, new float[] {1, 1, 2, 1, 3, 1, 4, 0, 5, 1}, new float[] {10, 1, 11, 1});
        List<WindowBlock> w = all(new LaneScheduler(store, layout(""), 0, 2, 1, 3));
        assertEquals(3, w.size());
        WindowBlock first = w.get(0);
        assertEquals(3, first.horizon);
        assertArrayEquals(new float[] {1, 2}, first.x, "inputs do not include the observed flag");
        assertArrayEquals(new float[] {2, 3}, first.y, "the one-step targets are unchanged");
        // step 0 (y = 1) labels y of steps 1..3 = 2, 3, 4 (4 imputed); step 1 (y = 2) labels 3, 4, 5
        assertArrayEquals(new float[] {2, 3, 4, 3, 4, 5}, first.labels);
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 1}, first.labelMask);
        // window 1: steps y = 3, 4; labels past the segment's end (after y = 5) are masked and zero
        assertArrayEquals(new float[] {4, 5, 0, 5, 0, 0}, w.get(1).labels);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, w.get(1).labelMask);
        // window 2: the lane moved to segment 1, whose one origin sees one label; the ragged step has none
        assertArrayEquals(new boolean[] {true}, w.get(2).reset);
        assertArrayEquals(new float[] {11, 0, 0, 0, 0, 0}, w.get(2).labels);
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0}, w.get(2).labelMask);
        assertArrayEquals(new float[] {1, 0}, w.get(2).mask);
    }

    @Test
    void segmentsOfOneStepAreSkipped() {
        ArrayStore store = new ArrayStore(1, new float[] {7}, new float[] {1, 2});
        List<WindowBlock> w = all(new LaneScheduler(store, layout(""), 0, 3, 1));
        assertEquals(1, w.size());
        assertArrayEquals(new int[] {1}, w.get(0).segment);
        assertArrayEquals(new float[] {1, 0, 0}, w.get(0).mask);
    }

    @Test
    void emptyPartitionHasNoWindows() {
        assertFalse(new LaneScheduler(new ArrayStore(1), layout(""), 0, 2, 2).hasNext());
    }

    @Test
    void planIsBalancedByLengthAndDeterministicForASeed() {
        List<SegmentRef> refs = new ArrayList<>();
        int[] steps = {10, 9, 8, 7, 3, 2};
        for (int i = 0; i < steps.length; i++) {
            refs.add(new SegmentRef("s" + i, 0, Split.TRAIN, steps[i]));
        }
        WindowPlan plan = new WindowPlan(refs, 2, 1, 7);
        // LPT over windows 9, 8, 7, 6, 2, 1: p0 9, p1 8, p1 7, p0 6, p0 2 (tie goes low), p1 1
        assertArrayEquals(new long[] {17, 16}, plan.load());
        assertArrayEquals(new int[] {0, 0}, plan.placement("s0", 0, Split.TRAIN));
        assertArrayEquals(new int[] {1, 1}, plan.placement("s2", 0, Split.TRAIN));
        assertArrayEquals(new int[] {0, 2}, plan.placement("s4", 0, Split.TRAIN));
        java.util.Collections.reverse(refs);
        WindowPlan again = new WindowPlan(refs, 2, 1, 7);
        for (String key : plan.placements().keySet()) {
            assertArrayEquals(plan.placements().get(key), again.placements().get(key), key);
        }
    }
}
