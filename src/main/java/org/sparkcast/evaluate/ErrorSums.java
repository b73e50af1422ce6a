package org.sparkcast.evaluate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The errors of rolling-origin forecasts, summed per series × target × horizon step for the model and the
 * two baselines: the number of scored points, Σ|e|, Σe² and Σ of the sMAPE term 2|f−a|/(|f|+|a|) (0 when
 * both are 0), with e = forecast − actual; plus the origins added per series. It never holds a forecast, so
 * it stays small (9·Y·H doubles per series) and can be the accumulator of Spark's
 * {@code aggregate}/{@code treeAggregate}: {@link #add} is the sequence operation, {@link #merge} the
 * combine operation; both update this object and return it.
 *
 * <p><b>Which points count.</b> A point (origin, step, target) is scored only when its actual is observed
 * (finite) and all three forecasts are finite, so the model and both baselines are always scored on
 * exactly the same points — what makes MASE (a ratio of their MAEs, see {@link Metrics}) meaningful.
 * Points with an unobserved actual and points with a non-finite forecast are counted apart, per target.
 *
 * <p><b>Determinism.</b> Series are kept in a map sorted by name, and {@link Metrics} pools them in that
 * order. Merging sums of different series only moves them, so the result is bit-identical whatever the
 * merge order whenever each series' origins were added within one partial sum (as when a partition owns
 * whole series). The sums of a series split across partial sums are added with one double addition each:
 * two parts give the same bits in either order, three or more may differ in the last bits with the merge
 * order (floating-point addition is not associative).
 *
 * <p>Shipped with Kryo, it needs the classes of {@link #kryoClasses()} registered.
 */
public final class ErrorSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] targets;
    private final int horizon;
    private final TreeMap<String, SeriesErrorSums> bySeries = new TreeMap<>();

    /**
     * @param targets the Y target names, in the order of the forecasts' second index
     * @param horizon H, the number of steps of every forecast
     */
    public ErrorSums(List<String> targets, int horizon) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("ErrorSums needs at least one target name, got " + targets);
        }
        if (new HashSet<>(targets).size() != targets.size() || targets.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("ErrorSums target names must be distinct and non-null, got " + targets);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("ErrorSums horizon must be >= 1, got " + horizon);
        }
        this.targets = targets.toArray(new String[0]);
        this.horizon = horizon;
    }

    /** Scores every point of {@code f} (see the class comment for which points count); returns this. */
    public ErrorSums add(OriginForecast f) {
        checkShape(f, targets.length, horizon, "ErrorSums.add");
        SeriesErrorSums s = bySeries.computeIfAbsent(f.series(), k -> new SeriesErrorSums(targets.length, horizon));
        s.origins++;
        for (int h = 0; h < horizon; h++) {
            for (int y = 0; y < targets.length; y++) {
                s.score(f, h, y);
            }
        }
        return this;
    }

    /**
     * Sets the MASE scale of target {@code y} of {@code series}: its in-sample seasonal-naive MAE on the training range
     * (Hyndman and Koehler), which {@link Metrics} divides the absolute errors of that series by. Returns this.
     */
    public ErrorSums setScale(String series, int y, double scale) {
        bySeries.computeIfAbsent(series, k -> new SeriesErrorSums(targets.length, horizon)).scale[y] = scale;
        return this;
    }

    /** Adds {@code other}'s sums into this one (other is left unchanged); returns this. */
    public ErrorSums merge(ErrorSums other) {
        if (!Arrays.equals(targets, other.targets) || horizon != other.horizon) {
            throw new IllegalArgumentException("ErrorSums.merge: cannot merge sums of targets "
                    + Arrays.toString(other.targets) + " and horizon " + other.horizon + " into sums of targets "
                    + Arrays.toString(targets) + " and horizon " + horizon);
        }
        for (Map.Entry<String, SeriesErrorSums> e : other.bySeries.entrySet()) {
            SeriesErrorSums mine = bySeries.get(e.getKey());
            if (mine == null) {
                bySeries.put(e.getKey(), e.getValue().copy());
            } else {
                mine.addAll(e.getValue());
            }
        }
        return this;
    }

    public List<String> targets() {
        return List.of(targets);
    }

    public int horizon() {
        return horizon;
    }

    /** The names of the series added so far, sorted. */
    public List<String> series() {
        return List.copyOf(bySeries.keySet());
    }

    /** The sums of every series, sorted by name (read-only; for {@link Metrics}). */
    NavigableMap<String, SeriesErrorSums> bySeries() {
        return Collections.unmodifiableNavigableMap(bySeries);
    }

    /** What Kryo must have registered to ship an {@code ErrorSums} (for {@code spark.kryo.registrationRequired}). */
    public static List<Class<?>> kryoClasses() {
        return List.of(ErrorSums.class, SeriesErrorSums.class, TreeMap.class, String[].class, long[].class,
                double[].class);
    }

    /** Refuses a forecast that is not H steps of Y targets, naming {@code caller}, the series and the origin. */
    static void checkShape(OriginForecast f, int targets, int horizon, String caller) {
        if (f == null || f.series() == null) {
            throw new IllegalArgumentException(caller + ": forecast or its series name is null: " + f);
        }
        String where = caller + ": series '" + f.series() + "' origin " + f.origin() + ": ";
        if (f.targetTimes() == null || f.targetTimes().length != horizon) {
            throw new IllegalArgumentException(where + "targetTimes has "
                    + (f.targetTimes() == null ? "null" : f.targetTimes().length) + " steps, expected horizon " + horizon);
        }
        for (Forecaster who : Forecaster.values()) {
            checkMatrix(where + who.jsonName(), who.values(f), targets, horizon);
        }
        checkMatrix(where + "actual", f.actual(), targets, horizon);
    }

    private static void checkMatrix(String what, double[][] m, int targets, int horizon) {
        boolean ok = m != null && m.length == horizon;
        for (int h = 0; ok && h < horizon; h++) {
            ok = m[h] != null && m[h].length == targets;
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " has shape " + shape(m) + ", expected [" + horizon + " x "
                    + targets + "] (horizon x targets)");
        }
    }

    private static String shape(double[][] m) {
        if (m == null) {
            return "null";
        }
        if (m.length == 0) {
            return "[0 x 0]";
        }
        boolean ragged = Arrays.stream(m).anyMatch(r -> r == null || m[0] == null || r.length != m[0].length);
        return "[" + m.length + " x " + (m[0] == null ? "null" : m[0].length) + (ragged ? ", ragged" : "") + "]";
    }
}
