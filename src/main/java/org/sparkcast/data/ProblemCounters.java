package org.sparkcast.data;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * One Spark accumulator per {@link Counter}, shipped inside the cleaning functions. Accumulators
 * updated in transformations count again if a stage is recomputed, so the pipeline persists the cleaned
 * rows and materialises them exactly once before reading the counts.
 */
public final class ProblemCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    private final EnumMap<Counter, LongAccumulator> accumulators = new EnumMap<>(Counter.class);

    public ProblemCounters(JavaSparkContext sc) {
        for (Counter c : Counter.values()) {
            accumulators.put(c, sc.sc().longAccumulator("sparkcast." + c.reportName()));
        }
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
