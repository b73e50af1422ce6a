package org.sparkcast.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The physical range of numeric columns: {@code data.range.<column>=min..max}, either end open ({@code 0..},
 * {@code ..100}), both ends included. A value outside is handled by {@link Rule#OUT_OF_RANGE}. Missing markers
 * ({@code -200}, {@code -999}) are missing before any range is checked, so they are never out of range.
 */
public final class ValueRanges implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Column to its range text as configured ({@code 0..100}). */
    private final TreeMap<String, String> text = new TreeMap<>();
    private final TreeMap<String, double[]> bounds = new TreeMap<>();

    private ValueRanges() {
    }

    /** The {@code data.range.*} keys of {@code p}; a column that is not a numeric column read is an error naming the key. */
    static ValueRanges read(Properties p, FeatureSpec features) {
        List<String> numeric = new ArrayList<>();
        features.numericColumns().forEach(c -> {
            String s = FeatureSpec.sourceColumn(c);
            if (!numeric.contains(s)) {
                numeric.add(s);
            }
        });
        ValueRanges r = new ValueRanges();
        for (String key : asMap(p).keySet()) {
            String column = key.substring(DataKeys.RANGE_PREFIX.length());
            if (!numeric.contains(column)) {
                throw new InvalidDataException("unknown column in configuration key '" + key + "': '" + column
                        + "' is not a numeric column read (" + numeric + ")" + NearestName.hint(column, numeric));
            }
            String v = p.getProperty(key).trim();
            r.bounds.put(column, parse(key, v));
            r.text.put(column, v);
        }
        return r;
    }

    private static Map<String, String> asMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(DataKeys.RANGE_PREFIX)) {
                m.put(k, p.getProperty(k));
            }
        }
        return m;
    }

    /** {@code min..max} with either end empty to {min, max} (infinite when open). */
    static double[] parse(String key, String v) {
        int dots = v.indexOf("..");
        String usage = key + "=" + v + " is not a range min..max (either end may be left open: 0.. or ..100)";
        if (dots < 0 || v.indexOf("..", dots + 2) >= 0) {
            throw new InvalidDataException(usage);
        }
        try {
            String lo = v.substring(0, dots).trim();
            String hi = v.substring(dots + 2).trim();
            double min = lo.isEmpty() ? Double.NEGATIVE_INFINITY : Double.parseDouble(lo);
            double max = hi.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(hi);
            if (Double.isNaN(min) || Double.isNaN(max) || (lo.isEmpty() && hi.isEmpty())) {
                throw new NumberFormatException();
            }
            if (min > max) {
                throw new InvalidDataException(key + "=" + v + " is empty: min " + lo + " is above max " + hi);
            }
            return new double[] {min, max};
        } catch (NumberFormatException e) {
            throw new InvalidDataException(usage);
        }
    }

    void write(Properties p) {
        text.forEach((c, v) -> p.setProperty(DataKeys.RANGE_PREFIX + c, v));
    }

    /** {min, max} of {@code column}, or null when it has no range. */
    double[] of(String column) {
        return bounds.get(column);
    }

    /** The range as configured, {@code 0..100}. */
    String text(String column) {
        return text.get(column);
    }

    public boolean isEmpty() {
        return bounds.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueRanges r && text.equals(r.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
