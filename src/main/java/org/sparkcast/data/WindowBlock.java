package org.sparkcast.data;

/**
 * One truncated-BPTT window of a partition: k consecutive steps of its B lanes, time-major like the
 * engine ({@code x [k][B][F]}, {@code y [k][B][Y]}, {@code mask [k][B]}). Step t of lane b predicts
 * {@code y[t][b]} (the targets one step after {@code x[t][b]}); {@code mask} is 1 where the step is real
 * and 0 on the ragged end of a segment or on an idle lane (x and y are 0 there). {@code reset[b]} is true
 * when lane b starts a new segment at this window: its carried state must be zeroed first. Windows of a
 * partition come in time order, numbered by {@code index}, so state carries from one to the next.
 *
 * <p>A plain final class (not a record) because Spark's bundled Kryo ships it.
 */
public final class WindowBlock {
    public int partition;
    public long index;
    public int steps;
    public int lanes;
    public int features;
    public int targets;
    public float[] x;
    public float[] y;
    public float[] mask;
    public boolean[] reset;
    /** Per lane, the order number of its segment within the partition, or -1 for an idle lane. */
    public int[] segment;
    /**
     * H of the direct objective: each step also carries the next H values of every target; 0 for one-step
     * windows (then {@code labels} and {@code labelMask} are empty).
     */
    public int horizon;
    /** {@code [k][B][H][Y]}: the scaled value of target y at step t+1+h of the lane's segment (0 where masked). */
    public float[] labels;
    /** {@code [k][B][H][Y]}: 1 where that value was observed within the segment, 0 past its end, imputed or on a masked step. */
    public float[] labelMask;

    /** For Kryo. */
    public WindowBlock() {
    }

    WindowBlock(int partition, long index, int steps, int lanes, int features, int targets, int horizon) {
        this.partition = partition;
        this.index = index;
        this.steps = steps;
        this.lanes = lanes;
        this.features = features;
        this.targets = targets;
        this.x = new float[steps * lanes * features];
        this.y = new float[steps * lanes * targets];
        this.mask = new float[steps * lanes];
        this.reset = new boolean[lanes];
        this.segment = new int[lanes];
        this.horizon = horizon;
        this.labels = new float[steps * lanes * horizon * targets];
        this.labelMask = new float[labels.length];
    }

    /** Steps with mask 1, over all lanes. */
    public int validSteps() {
        int n = 0;
        for (float m : mask) {
            n += m > 0 ? 1 : 0;
        }
        return n;
    }
}
