package org.sparkcast.evaluate;

import java.io.Serializable;

/**
 * The error sums of one series: Y targets, H steps. A plain final class of primitive arrays so that Kryo
 * ships it with a registration and nothing else. Every array is flat; {@link #at} gives the index of a
 * (forecaster, error kind, target, step) sum.
 */
final class SeriesErrorSums implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The three sums kept per point: |e|, e², and the sMAPE term 2|f−a|/(|f|+|a|) (0 when both are 0). */
    enum Kind { ABS, SQUARED, SMAPE }

    private static final int FORECASTERS = Forecaster.values().length;
    private static final int KINDS = Kind.values().length;

    final int targets;
    final int horizon;
    /** Origins added for this series. */
    long origins;
    /** [Y*H] scored points per (target, step); the same for all three forecasters, see {@link ErrorSums}. */
    final long[] points;
    /** [Y] points whose actual was not observed (NaN): not scored. */
    final long[] unobserved;
    /** [Y] points with an observed actual but a non-finite model or baseline forecast: not scored. */
    final long[] nonfiniteForecast;
    /** [FORECASTERS * KINDS * Y * H] sums, indexed by {@link #at}. */
    final double[] sums;
    /** [Y] the MASE scale: the in-sample seasonal-naive MAE on the training range; NaN where unknown. */
    final double[] scale;

    SeriesErrorSums(int targets, int horizon) {
        this.targets = targets;
        this.horizon = horizon;
        this.points = new long[targets * horizon];
        this.unobserved = new long[targets];
        this.nonfiniteForecast = new long[targets];
        this.sums = new double[FORECASTERS * KINDS * targets * horizon];
        this.scale = new double[targets];
        java.util.Arrays.fill(scale, Double.NaN);
    }

    /** Index of the sum of {@code kind} for forecaster {@code f}, target {@code y}, step {@code h} (0-based). */
    int at(Forecaster f, Kind kind, int y, int h) {
        return ((f.ordinal() * KINDS + kind.ordinal()) * targets + y) * horizon + h;
    }

    double sum(Forecaster f, Kind kind, int y, int h) {
        return sums[at(f, kind, y, h)];
    }

    long points(int y, int h) {
        return points[y * horizon + h];
    }

    /** Scores point (y, h) of {@code f}: counts it as unobserved, as non-finite, or adds its errors. */
    void score(OriginForecast f, int h, int y) {
        double actual = f.actual()[h][y];
        if (!Double.isFinite(actual)) {
            unobserved[y]++;
            return;
        }
        for (Forecaster who : Forecaster.values()) {
            if (!Double.isFinite(who.values(f)[h][y])) {
                nonfiniteForecast[y]++;
                return;
            }
        }
        points[y * horizon + h]++;
        for (Forecaster who : Forecaster.values()) {
            double forecast = who.values(f)[h][y];
            double error = forecast - actual;
            double scale = Math.abs(forecast) + Math.abs(actual);
            sums[at(who, Kind.ABS, y, h)] += Math.abs(error);
            sums[at(who, Kind.SQUARED, y, h)] += error * error;
            sums[at(who, Kind.SMAPE, y, h)] += scale == 0 ? 0 : 2 * Math.abs(error) / scale;
        }
    }

    /** Adds {@code other}'s counts and sums into this one (one double addition per sum, so a+b == b+a). */
    void addAll(SeriesErrorSums other) {
        origins += other.origins;
        for (int i = 0; i < points.length; i++) {
            points[i] += other.points[i];
        }
        for (int y = 0; y < targets; y++) {
            scale[y] = Double.isNaN(scale[y]) ? other.scale[y] : scale[y];
            unobserved[y] += other.unobserved[y];
            nonfiniteForecast[y] += other.nonfiniteForecast[y];
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
    }

    SeriesErrorSums copy() {
        SeriesErrorSums c = new SeriesErrorSums(targets, horizon);
        c.addAll(this);
        return c;
    }
}
