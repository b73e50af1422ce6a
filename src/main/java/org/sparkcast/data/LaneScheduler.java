package org.sparkcast.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a partition's segments into windows of k steps over B lanes, in time order. Each lane works
 * through one segment at a time; when its segment ends (the rest of that window is masked) it takes
 * the next unassigned segment at the next window, with its reset flag set, so lanes stay busy. Iteration
 * ends when every lane is idle. Memory: one window plus k + 1 rows per lane, whatever the segment lengths.
 */
final class LaneScheduler implements Iterator<WindowBlock> {
    private final SegmentStore store;
    private final FeatureLayout layout;
    private final int partition;
    private final int k;
    private final int lanes;
    private final int width;
    private final int[] laneSegment;
    private final int[] lanePos;
    private final float[][] rows;
    private int nextSegment;
    private long index;

    LaneScheduler(SegmentStore store, FeatureLayout layout, int partition, int k, int lanes) {
        this.store = store;
        this.layout = layout;
        this.partition = partition;
        this.k = k;
        this.lanes = lanes;
        this.width = layout.width();
        this.laneSegment = new int[lanes];
        this.lanePos = new int[lanes];
        this.rows = new float[lanes][(k + 1) * width];
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
        WindowBlock w = new WindowBlock(partition, index++, k, lanes, width, layout.targets());
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

    /** Steps p .. p+k-1 of lane b's segment: inputs from rows p.., targets from rows p+1.. */
    private void fillLane(int b, WindowBlock w) {
        int s = laneSegment[b];
        int p = lanePos[b];
        int available = Math.min(k + 1, store.rows(s) - p);
        store.read(s, p, available, rows[b]);
        int steps = available - 1;
        int y = layout.targets();
        float[] r = rows[b];
        for (int t = 0; t < steps; t++) {
            int now = t * width;
            int ahead = (t + 1) * width;
            int xo = (t * lanes + b) * width;
            layout.compose(r, now, ahead, w.x, xo);
            System.arraycopy(r, ahead, w.y, (t * lanes + b) * y, y);        // next targets
            w.mask[t * lanes + b] = 1f;
        }
        lanePos[b] = p + steps;
    }
}
