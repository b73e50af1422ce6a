package org.sparkcast.evaluate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quantile forecasts of a backtest, summed per target × horizon step: scored points, the pinball loss of every
 * level, and for the outer interval [lowest level, highest level] the points inside it and its summed width. Q levels,
 * Y targets, H steps. Only points whose actual was observed are added (the caller scores the same points as
 * {@link ErrorSums}). Sums of doubles merged in a fixed (partition) order give the same bits every run.
 *
 * <pre>
 * pinball_q(f, a) = q (a - f) if a >= f, else (1 - q) (f - a)          mean over points and levels
 * coverage = share of points with lowest <= a <= highest               nominal: highest - lowest level
 * width    = mean of (highest - lowest)                                in the target's units
 * </pre>
 */
public final class IntervalSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] targets;
    private final int horizon;
    private final double[] levels;
    /** [Y*H] points; [Y*H] inside; [Y*H] width sums; [Y*H*Q] pinball sums. */
    private final long[] points;
    private final long[] inside;
    private final double[] width;
    private final double[] pinball;

    public IntervalSums(List<String> targets, int horizon, double[] levels) {
        if (levels.length < 2) {
            throw new IllegalArgumentException("an interval needs at least two quantile levels, got " + Arrays.toString(levels));
        }
        this.targets = targets.toArray(new String[0]);
        this.horizon = horizon;
        this.levels = levels.clone();
        int n = this.targets.length * horizon;
        this.points = new long[n];
        this.inside = new long[n];
        this.width = new double[n];
        this.pinball = new double[n * levels.length];
    }

    /** Adds one point: target y at step h (0-based), its observed {@code actual} and the increasing {@code quantiles} [Q]. */
    public void add(int y, int h, double actual, double[] quantiles) {
        if (!Double.isFinite(actual)) {
            return;
        }
        int i = y * horizon + h;
        points[i]++;
        double low = quantiles[0];
        double high = quantiles[quantiles.length - 1];
        inside[i] += actual >= low && actual <= high ? 1 : 0;
        width[i] += high - low;
        for (int k = 0; k < levels.length; k++) {
            double e = actual - quantiles[k];
            pinball[i * levels.length + k] += e >= 0 ? levels[k] * e : (levels[k] - 1) * e;
        }
    }

    /** Adds {@code other}'s sums into these; returns this. */
    public IntervalSums merge(IntervalSums other) {
        if (!Arrays.equals(targets, other.targets) || horizon != other.horizon || !Arrays.equals(levels, other.levels)) {
            throw new IllegalArgumentException("IntervalSums.merge: other targets, horizon or levels");
        }
        for (int i = 0; i < points.length; i++) {
            points[i] += other.points[i];
            inside[i] += other.inside[i];
            width[i] += other.width[i];
        }
        for (int i = 0; i < pinball.length; i++) {
            pinball[i] += other.pinball[i];
        }
        return this;
    }

    /** Per target: the levels, the nominal coverage, and {@code overall} and {@code by_horizon} coverage, width and mean pinball loss. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int y = 0; y < targets.length; y++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("levels", Arrays.stream(levels).boxed().toList());
            t.put("nominal_coverage", levels[levels.length - 1] - levels[0]);
            long n = 0;
            long in = 0;
            double w = 0;
            double loss = 0;
            List<Map<String, Object>> steps = new ArrayList<>();
            for (int h = 0; h < horizon; h++) {
                int i = y * horizon + h;
                double stepLoss = 0;
                for (int k = 0; k < levels.length; k++) {
                    stepLoss += pinball[i * levels.length + k];
                }
                steps.add(summary(h + 1, points[i], inside[i], width[i], stepLoss));
                n += points[i];
                in += inside[i];
                w += width[i];
                loss += stepLoss;
            }
            t.put("overall", summary(0, n, in, w, loss));
            t.put("by_horizon", steps);
            out.put(targets[y], t);
        }
        return out;
    }

    private Map<String, Object> summary(int step, long n, long in, double w, double loss) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (step > 0) {
            s.put("step", step);
        }
        s.put("points", n);
        s.put("coverage", n == 0 ? null : (double) in / n);
        s.put("width", n == 0 ? null : w / n);
        s.put("pinball", n == 0 ? null : loss / (n * levels.length));
        return s;
    }
}
