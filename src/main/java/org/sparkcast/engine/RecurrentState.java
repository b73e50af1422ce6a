package org.sparkcast.engine;

import java.util.Arrays;

/**
 * Hidden (and, for LSTM, cell) states of every layer and direction for B lanes:
 * {@code h} and {@code c} are {@code [L*D][B][H]}, slot {@code l*D + d} (PyTorch's {@code h_n} order).
 * {@code c} is null for cells without a cell state. Used for initial states, final states (the carry
 * between windows) and their gradients.
 */
public final class RecurrentState {
    private final int slots;
    private final int batch;
    private final int hidden;
    private final float[] h;
    private final float[] c;

    public RecurrentState(NetworkSpec spec, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        this.slots = spec.layers() * spec.directions();
        this.batch = batch;
        this.hidden = spec.hiddenSize();
        this.h = new float[slots * batch * hidden];
        this.c = spec.cell() == CellType.LSTM ? new float[slots * batch * hidden] : null;
    }

    /** L*D. */
    public int slots() { return slots; }
    /** B. */
    public int batch() { return batch; }
    public int hidden() { return hidden; }
    /** {@code [L*D][B][H]} hidden states (live array). */
    public float[] h() { return h; }
    /** {@code [L*D][B][H]} cell states (live array), or null when the cell has none. */
    public float[] c() { return c; }

    /** Offset of slot {@code l*D + d} in {@link #h()} and {@link #c()}. */
    public int offset(int slot) {
        return slot * batch * hidden;
    }

    /** Zeroes every lane (the state at the start of a sequence). */
    public void zero() {
        Arrays.fill(h, 0f);
        if (c != null) {
            Arrays.fill(c, 0f);
        }
    }

    /** Zeroes one lane in every slot: the lane moves to a new segment. */
    public void zeroLane(int lane) {
        if (lane < 0 || lane >= batch) {
            throw new IllegalArgumentException("lane " + lane + " outside [0, " + batch + ")");
        }
        for (int s = 0; s < slots; s++) {
            int o = offset(s) + lane * hidden;
            Arrays.fill(h, o, o + hidden, 0f);
            if (c != null) {
                Arrays.fill(c, o, o + hidden, 0f);
            }
        }
    }

    /** Copies the values of another state of the same shape (a detached copy: values only). */
    public void copyFrom(RecurrentState other) {
        if (other.h.length != h.length || (other.c == null) != (c == null)) {
            throw new IllegalArgumentException("state shape [" + other.slots + " x " + other.batch + " x " + other.hidden
                    + "] does not match [" + slots + " x " + batch + " x " + hidden + "]");
        }
        System.arraycopy(other.h, 0, h, 0, h.length);
        if (c != null) {
            System.arraycopy(other.c, 0, c, 0, c.length);
        }
    }
}
