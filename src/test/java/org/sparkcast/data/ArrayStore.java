package org.sparkcast.data;

/** A {@link SegmentStore} over arrays in memory, for tests: {@code segments[s]} holds rows of {@code width} floats. */
final class ArrayStore implements SegmentStore {
    private final float[][] segments;
    private final int width;

    ArrayStore(int width, float[]... segments) {
        this.width = width;
        this.segments = segments;
    }

    @Override
    public int segments() {
        return segments.length;
    }

    @Override
    public int rows(int segment) {
        return segments[segment].length / width;
    }

    @Override
    public void read(int segment, int from, int count, float[] dst) {
        System.arraycopy(segments[segment], from * width, dst, 0, count * width);
    }
}
