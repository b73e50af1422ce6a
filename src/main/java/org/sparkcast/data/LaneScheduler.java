package org.sparkcast.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a partition's segments into windows of k steps over B lanes, in time order. Each lane works
 * through one segment at a time; when its segment ends (the rest of that window is masked) it takes
 * the next unassigned segment at the next window, with its reset flag set, so lanes stay busy. Iteration
 * ends when every lane is idle. Memory: one window plus k + max(1, H) rows per lane, whatever the segment lengths.
 *
 * <p>With a horizon H > 0 (the direct objective) the stored rows carry one more float, the step's observed flag
 * (1: every target value was read, not imputed), and each step t also gets the H following target values of its
 * segment as labels, masked where t+1+h lies past the segment's end or was not observed: an H-step look-ahead
 * within the segment, read in the same pass.
 */
final class LaneScheduler implements Iterator<WindowBlock> {
    private final SegmentStore store;
    private final FeatureLayout layout;
    private final int partition;
    private final int k;
    private final int lanes;
    private final int width;
    private final int stored;
    private final int horizon;
    private final int[] laneSegment;
    private final int[] lanePos;
    private final float[][] rows;
    private int nextSegment;
    private long index;

    LaneScheduler(SegmentStore store, FeatureLayout layout, int partition, int k, int lanes) {
        this(store, layout, partition, k, lanes, 0);
    }

    /** {@code horizon} > 0: rows of {@code layout.width() + 1} floats (the observed flag last) and H labels per step. */
    LaneScheduler(SegmentStore store, FeatureLayout layout, int partition, int k, int lanes, int horizon) {
        this.horizon = horizon;
        this.stored = layout.width() + (horizon > 0 ? 1 : 0);
        this.store = store;
        this.layout = layout;
        this.partition = partition;
        this.k = k;
        this.lanes = lanes;
        this.width = layout.width();
        this.laneSegment = new int[lanes];
        this.lanePos = new int[lanes];
        this.rows = new float[lanes][(k + Math.max(1, horizon)) * stored];
        java.util.Arrays.fill(laneSegment, -1);
    }

    @Override
    public boolean hasNext() {
        for (int b = 0; b < lanes; b++) {
            if (laneSegment[b] >= 0 && lanePos[b] + 1 < store.rows(laneSegment[b])) {
                return true;
            }
        }
        for (int s = nextSegment; s < store.segments(); s++) {
            if (store.rows(s) >= 2) {
                return true;
            }
        }
        return false;
    }

    @Override
    public WindowBlock next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        WindowBlock w = new WindowBlock(partition, index++, k, lanes, width, layout.targets(), horizon);
        for (int b = 0; b < lanes; b++) {
            if (laneSegment[b] < 0 || lanePos[b] + 1 >= store.rows(laneSegment[b])) {
                takeNextSegment(b, w);
            }
            w.segment[b] = laneSegment[b];
            if (laneSegment[b] >= 0) {
                fillLane(b, w);
            }
        }
        return w;
    }

    private void takeNextSegment(int b, WindowBlock w) {
        laneSegment[b] = -1;
        while (nextSegment < store.segments()) {
            int s = nextSegment++;
            if (store.rows(s) >= 2) { // one step alone has no next target
                laneSegment[b] = s;
                lanePos[b] = 0;
                w.reset[b] = true;
                return;
            }
        }
    }

    /** Steps p .. p+k-1 of lane b's segment: inputs from rows p.., targets from rows p+1.., labels from rows p+1..p+k+H-1. */
    private void fillLane(int b, WindowBlock w) {
        int s = laneSegment[b];
        int p = lanePos[b];
        int available = Math.min(k + Math.max(1, horizon), store.rows(s) - p);
        store.read(s, p, available, rows[b]);
        int steps = Math.min(k, available - 1);
        int y = layout.targets();
        float[] r = rows[b];
        for (int t = 0; t < steps; t++) {
            int now = t * stored;
            int ahead = (t + 1) * stored;
            int xo = (t * lanes + b) * width;
            layout.compose(r, now, ahead, w.x, xo);
            System.arraycopy(r, ahead, w.y, (t * lanes + b) * y, y);        // next targets
            w.mask[t * lanes + b] = 1f;
            int lo = (t * lanes + b) * horizon * y;
            for (int h = 0; h < horizon && t + 1 + h < available; h++) {    // the next H steps, within the segment
                int row = (t + 1 + h) * stored;
                float observed = r[row + width];
                for (int i = 0; i < y; i++) {
                    w.labels[lo + h * y + i] = r[row + i];
                    w.labelMask[lo + h * y + i] = observed;
                }
            }
        }
        lanePos[b] = p + steps;
    }
}
