package org.sparkcast.data;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * One Spark accumulator per {@link Counter}, one that names the affected series per reason
 * ({@link AffectedSeries}, bounded per task), and one of each series' parsed time range, shipped inside the cleaning functions. Accumulators
 * updated in transformations count again if a stage is recomputed, so the pipeline persists the cleaned
 * rows and materialises them exactly once before reading the counts.
 */
public final class ProblemCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    private final EnumMap<Counter, LongAccumulator> accumulators = new EnumMap<>(Counter.class);
    private final AffectedSeriesAccumulator affected = new AffectedSeriesAccumulator();
    private final SeriesRangeAccumulator parsedRanges = new SeriesRangeAccumulator();

    public ProblemCounters(JavaSparkContext sc) {
        for (Counter c : Counter.values()) {
            accumulators.put(c, sc.sc().longAccumulator("sparkcast." + c.reportName()));
        }
        sc.sc().register(affected, "sparkcast.affected-series");
        sc.sc().register(parsedRanges, "sparkcast.parsed-ranges");
    }

    /** A parsed row of {@code series} at {@code time} (see {@link #parsedRanges}). */
    void parsed(String series, long time) {
        parsedRanges.note(series, time);
    }

    /** Each series' first and last time among the rows parsed (merged on the driver): {first, last} by series. */
    public Map<String, long[]> parsedRanges() {
        return parsedRanges.value();
    }

    /**
     * Names {@code series} under {@code reason}: {@code n} {@code unit}s ({@code cells}, {@code rows}, {@code steps},
     * {@code series}) at times {@code from..to} (epoch ms).
     */
    void name(String reason, String unit, String series, long n, long from, long to) {
        affected.note(reason, unit, series, n, from, to);
    }

    /** The series named per reason (merged on the driver). */
    public AffectedSeries affected() {
        return affected.value();
    }

    void add(Counter c, long n) {
        if (n != 0) {
            accumulators.get(c).add(n);
        }
    }

    public long get(Counter c) {
        return accumulators.get(c).value();
    }

    public Map<Counter, Long> snapshot() {
        EnumMap<Counter, Long> out = new EnumMap<>(Counter.class);
        accumulators.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }
}
