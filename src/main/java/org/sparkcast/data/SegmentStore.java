package org.sparkcast.data;

/** The steps of a partition's segments, readable in slices: rows of {@code width} floats (see {@link FeatureLayout}). */
interface SegmentStore {
    int segments();

    int rows(int segment);

    /** Reads rows {@code [from, from + count)} of a segment into {@code dst[0 .. count*width)}. */
    void read(int segment, int from, int count, float[] dst);
}
