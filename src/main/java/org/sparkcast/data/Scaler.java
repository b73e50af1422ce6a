package org.sparkcast.data;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalisation of the numeric columns ({@code v' = (v - offset) / scale}), fitted on the training range
 * only, globally (key {@link #GLOBAL}) or per series; kept with the model so forecasts can be inverted.
 * z-score: offset = mean, scale = population std; min-max: offset = min, scale = max - min; none: 0, 1.
 * A column without spread gets scale 1 (the constant-series rule decides about the first target).
 */
public final class Scaler implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String GLOBAL = "*";

    private final ScalingKind kind;
    private final ScalingScope scope;
    private final List<String> columns;
    private final TreeMap<String, double[][]> stats = new TreeMap<>();

    Scaler(ScalingKind kind, ScalingScope scope, List<String> columns) {
        this.kind = kind;
        this.scope = scope;
        this.columns = List.copyOf(columns);
    }

    /** Records the fit of one key from its training statistics per column. */
    void put(String key, double[] mean, double[] std, double[] min, double[] max) {
        int n = columns.size();
        double[] offset = new double[n];
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            offset[i] = switch (kind) {
                case Z_SCORE -> mean[i];
                case MIN_MAX -> min[i];
                case NONE -> 0;
            };
            double s = switch (kind) {
                case Z_SCORE -> std[i];
                case MIN_MAX -> max[i] - min[i];
                case NONE -> 1;
            };
            scale[i] = s > 0 && Double.isFinite(s) ? s : 1;
        }
        stats.put(key, new double[][] {offset, scale});
    }

    private double[][] of(String series) {
        double[][] s = stats.get(scope == ScalingScope.GLOBAL ? GLOBAL : series);
        if (s == null) {
            throw new IllegalArgumentException("no scaling fitted for series '" + series + "' (it has no training range)");
        }
        return s;
    }

    /** The scaler a saved model describes ({@link #describe}'s map, as read back from JSON). */
    @SuppressWarnings("unchecked")
    public static Scaler fromDescription(Map<String, Object> d) {
        Scaler s = new Scaler(ConfigReader.parseChoice("scaling.kind", String.valueOf(d.get("kind")), ScalingKind.class),
                ConfigReader.parseChoice("scaling.scope", String.valueOf(d.get("scope")), ScalingScope.class), (List<String>) d.get("columns"));
        ((Map<String, Map<String, List<Number>>>) d.get("fits")).forEach((key, fit) -> {
            double[] offset = fit.get("offset").stream().mapToDouble(Number::doubleValue).toArray();
            double[] scale = fit.get("scale").stream().mapToDouble(Number::doubleValue).toArray();
            s.stats.put(key, new double[][] {offset, scale});
        });
        return s;
    }

    /** The numeric columns, in row order (targets, past, future). */
    public List<String> columns() { return columns; }

    /** Whether a scaling is known for {@code series} (always, when global). */
    public boolean knows(String series) {
        return stats.containsKey(scope == ScalingScope.GLOBAL ? GLOBAL : series);
    }

    /** Scales the values of a row of {@code series} in place. */
    public void apply(String series, double[] values) {
        double[][] s = of(series);
        for (int i = 0; i < values.length; i++) {
            values[i] = (values[i] - s[0][i]) / s[1][i];
        }
    }

    /** The original value of a scaled one: column {@code i} of {@code series}. */
    public double invert(String series, int column, double scaled) {
        double[][] s = of(series);
        return scaled * s[1][column] + s[0][column];
    }

    /** For the saved model: kind, scope, columns and per key the offsets and scales. */
    public Map<String, Object> describe() {
        Map<String, Object> fits = new TreeMap<>();
        stats.forEach((k, v) -> fits.put(k, Map.of("offset", v[0], "scale", v[1])));
        return Map.of("kind", ConfigReader.configName(kind), "scope", ConfigReader.configName(scope), "columns", columns, "fits", fits);
    }
}
