package org.sparkcast.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * Per partition, how often each categorical value occurs in the steps of the series kept (those not in
 * {@code excluded}): one {@code (value, {column, training steps, all steps})} per value and column. The driver's sum
 * gives each column's levels (the values seen in training: a level that first appears in validation or test must not
 * shape the inputs) and the cells holding no level (they encode as "missing").
 */
final class CategoryTally implements FlatMapFunction<Iterator<StepBlock>, Tuple2<String, long[]>> {
    private static final long serialVersionUID = 1L;

    private final Set<String> excluded;

    CategoryTally(Set<String> excluded) {
        this.excluded = Set.copyOf(excluded);
    }

    @Override
    public Iterator<Tuple2<String, long[]>> call(Iterator<StepBlock> blocks) {
        List<Map<String, long[]>> counts = new ArrayList<>();
        while (blocks.hasNext()) {
            StepBlock b = blocks.next();
            if (excluded.contains(b.series)) {
                continue;
            }
            while (counts.size() < b.categorical) {
                counts.add(new HashMap<>());
            }
            for (int k = 0; k < b.size; k++) {
                boolean train = b.split[k] == Split.TRAIN.ordinal();
                for (int j = 0; j < b.categorical; j++) {
                    String value = b.category(k, j);
                    if (value != null) {
                        long[] c = counts.get(j).computeIfAbsent(value, v -> new long[2]);
                        c[0] += train ? 1 : 0;
                        c[1]++;
                    }
                }
            }
        }
        List<Tuple2<String, long[]>> out = new ArrayList<>();
        for (int j = 0; j < counts.size(); j++) {
            int column = j;
            counts.get(j).forEach((value, c) -> out.add(new Tuple2<>(value, new long[] {column, c[0], c[1]})));
        }
        return out.iterator();
    }
}
