package org.sparkcast.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The K epochs of a run with the lowest validation loss (the training loss without validation data), each with the
 * parameters it ended with, and their mean: the model a run writes when {@code train.average-epochs} is K > 1
 * (checkpoint averaging, as in Izmailov et al. 2018, "Averaging Weights Leads to Wider Optima and Better
 * Generalization", over the best epochs rather than the last ones). It only reads the trajectory: training, early
 * stopping and the best epoch are those of K = 1.
 *
 * <p>Lifecycle: {@link DistributedTrainer} offers every epoch as it closes; a checkpoint stores the kept epochs (so a
 * resumed run keeps the same ones); {@code train} writes {@link #mean()}. An epoch is kept when fewer than K are, or when
 * its score is strictly lower than the worst kept one's (which it then replaces): as for the best epoch, an equal score
 * never displaces an earlier epoch, and a NaN score is never kept. With K = 1 nothing is kept and the best epoch's model
 * is written, as before the key existed.
 */
public final class BestEpochs {
    /** Kept epochs, lowest score first; among equal scores the earlier epoch first. */
    private static final Comparator<Kept> ORDER = Comparator.comparingDouble(Kept::score).thenComparingInt(Kept::epoch);
    private final int capacity;
    private final List<Kept> kept = new ArrayList<>();

    /** One kept epoch: its number, its score and the parameters it ended with (shared, never written to). */
    record Kept(int epoch, double score, float[] params) {
    }

    /** Keeps up to {@code capacity} epochs; 1 keeps none (the best epoch's model is the one written). */
    public BestEpochs(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("epochs to average must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Offers the epoch that just closed; keeps it if it is among the {@code capacity} best so far. */
    void offer(int epoch, double score, float[] params) {
        if (capacity == 1 || Double.isNaN(score)) {
            return;
        }
        if (!kept.isEmpty() && params.length != kept.get(0).params().length) {
            throw new IllegalArgumentException("epoch " + epoch + " has " + params.length + " parameters, the kept epochs "
                    + kept.get(0).params().length);
        }
        if (kept.size() == capacity) {
            if (!(score < kept.get(capacity - 1).score())) {
                return;
            }
            kept.remove(capacity - 1);
        }
        kept.add(new Kept(epoch, score, params));
        kept.sort(ORDER);
    }

    /** Restores a kept epoch from a checkpoint, in the order they were written. */
    void restore(int epoch, double score, float[] params) {
        if (kept.size() == capacity || capacity == 1) {
            throw new IllegalArgumentException("a checkpoint holds more kept epochs than the " + capacity + " to average");
        }
        kept.add(new Kept(epoch, score, params));
        kept.sort(ORDER);
    }

    /** How many epochs are averaged (the {@code train.average-epochs} of the run). */
    public int capacity() {
        return capacity;
    }

    /** The kept epochs, lowest score first. */
    List<Kept> kept() {
        return List.copyOf(kept);
    }

    /** The numbers of the kept epochs, ascending; empty with K = 1. */
    public List<Integer> epochs() {
        return kept.stream().map(Kept::epoch).sorted().toList();
    }

    /**
     * The mean of the kept epochs' parameters: for each index, the sum over the epochs in ascending epoch order in double
     * precision, divided by their count and rounded to float once (so the same epochs give the same bits whatever order
     * they were kept in). Null when no epoch is kept.
     */
    public float[] mean() {
        if (kept.isEmpty()) {
            return null;
        }
        List<Kept> byEpoch = kept.stream().sorted(Comparator.comparingInt(Kept::epoch)).toList();
        int n = byEpoch.get(0).params().length;
        double[] sum = new double[n];
        for (Kept k : byEpoch) {
            float[] p = k.params();
            for (int i = 0; i < n; i++) {
                sum[i] += p[i];
            }
        }
        float[] mean = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = (float) (sum[i] / byEpoch.size());
        }
        return mean;
    }
}
