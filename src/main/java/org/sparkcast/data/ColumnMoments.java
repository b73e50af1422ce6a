package org.sparkcast.data;

import java.util.List;

/**
 * The count, mean, population standard deviation, minimum and maximum of each numeric column over some steps, computed
 * with the arithmetic of Spark SQL's {@code count}, {@code avg}, {@code stddev_pop}, {@code min} and {@code max} (the
 * scaling was once fitted with those aggregates): the same operations in the same order give the same doubles, so a
 * scaling, and a model trained on it, stay bit-identical.
 *
 * <ul>
 *   <li>{@code avg}: {@code sum = 0.0 + v1 + v2 + ...} in step order, then {@code sum / count};</li>
 *   <li>{@code stddev_pop}: Welford's update {@code n += 1; delta = v - mean; mean += delta / n;
 *       m2 += delta * (delta - delta / n)}, then {@code sqrt(m2 / n)};</li>
 *   <li>partial results combine as Spark's final aggregate combines them ({@link #merged}): from an empty
 *       buffer, each partial in order, with Chan's rule for {@code mean} and {@code m2}.</li>
 * </ul>
 *
 * <p>N = numeric columns; every array is [N]. A plain final class (not a record) because Spark's bundled Kryo ships it.
 */
public final class ColumnMoments {
    public long count;
    public double[] sum;
    public double[] n;
    public double[] mean;
    public double[] m2;
    public double[] min;
    public double[] max;

    /** For Kryo. */
    public ColumnMoments() {
    }

    ColumnMoments(int numeric) {
        sum = new double[numeric];
        n = new double[numeric];
        mean = new double[numeric];
        m2 = new double[numeric];
        min = new double[numeric];
        max = new double[numeric];
    }

    /** What Spark's final aggregate makes of {@code partials} (each a partition's, in partition order). */
    static ColumnMoments merged(int numeric, List<ColumnMoments> partials) {
        ColumnMoments all = new ColumnMoments(numeric);
        for (ColumnMoments p : partials) {
            all.merge(p);
        }
        return all;
    }

    /** Adds one step: reads {@code values[offset .. offset + N)} (Spark's update expressions). */
    void add(double[] values, int offset) {
        count++;
        for (int i = 0; i < sum.length; i++) {
            double v = values[offset + i];
            sum[i] = sum[i] + v;
            double newN = n[i] + 1.0;          // Welford: one more value
            double delta = v - mean[i];
            double deltaN = delta / newN;
            mean[i] = mean[i] + deltaN;
            m2[i] = m2[i] + delta * (delta - deltaN);
            n[i] = newN;
            if (count == 1 || v < min[i]) {    // the first value, then a strictly smaller one (Spark's least)
                min[i] = v;
            }
            if (count == 1 || v > max[i]) {
                max[i] = v;
            }
        }
    }

    /** Appends {@code other}'s steps after this one's (Spark's merge expressions). */
    private void merge(ColumnMoments other) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] = sum[i] + other.sum[i];
            double n1 = n[i];
            double n2 = other.n[i];
            double newN = n1 + n2;             // Chan et al.: combine two (n, mean, m2)
            double delta = other.mean[i] - mean[i];
            double deltaN = newN == 0.0 ? 0.0 : delta / newN;
            mean[i] = mean[i] + deltaN * n2;
            m2[i] = m2[i] + other.m2[i] + delta * deltaN * n1 * n2;
            n[i] = newN;
            if (other.count > 0 && (count == 0 || other.min[i] < min[i])) {
                min[i] = other.min[i];
            }
            if (other.count > 0 && (count == 0 || other.max[i] > max[i])) {
                max[i] = other.max[i];
            }
        }
        count += other.count;
    }

    /** Spark's {@code avg}; only for a count above 0. */
    double[] means() {
        double[] m = new double[sum.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = sum[i] / (double) count;
        }
        return m;
    }

    /** Spark's {@code stddev_pop}; only for a count above 0. */
    double[] populationStd() {
        double[] s = new double[sum.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(m2[i] / n[i]);
        }
        return s;
    }
}
