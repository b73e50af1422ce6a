package org.sparkcast.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Fits the {@link Scaler} on the training steps only (mean, population std, min, max per numeric column, per series
 * and, for global scope, over all; {@link ColumnMoments}), and applies {@link Rule#CONSTANT_SERIES} to the first
 * target. Series left out are returned with their reason.
 */
final class ScalerFitter {
    private final DataConfig config;
    private final int numeric;
    private Scaler scaler;
    private final Map<String, String> excluded = new TreeMap<>();
    private long constantKept;

    ScalerFitter(DataConfig config) {
        this.config = config;
        this.numeric = config.features().numericColumns().size();
    }

    /** {@code summaries}: every series' summary, by name; {@code steps}: the cleaned steps with their split (global scope). */
    void fit(Map<String, SeriesSummary> summaries, JavaRDD<StepBlock> steps) {
        SplitSpec s = config.split();
        scaler = new Scaler(s.scaling, s.scope, config.features().numericColumns());
        for (SeriesSummary summary : summaries.values()) {
            String series = summary.series;
            ColumnMoments m = summary.train.count == 0 ? null : ColumnMoments.merged(numeric, List.of(summary.train));
            if (m == null && s.scope == ScalingScope.PER_SERIES) {
                excluded.put(series, "no-training-range");
            } else if (m == null) {
                continue; // global scaling: a series may lie wholly in validation or test
            } else if (m.max[0] == m.min[0]) {
                constant(series, m.min[0]);
            }
            if (m != null && s.scope == ScalingScope.PER_SERIES && !excluded.containsKey(series)) {
                put(series, m);
            }
        }
        if (s.scope == ScalingScope.GLOBAL) {
            Set<String> kept = new HashSet<>(kept(summaries.keySet()));
            ColumnMoments all = ColumnMoments.merged(numeric, DataPipeline.materialise(() -> steps.mapPartitions(new TrainingMoments(kept, numeric)).collect()));
            if (all.count == 0) {
                throw new InvalidDataException("no training steps left to fit the scaling on (" + excluded.size() + " series excluded: " + excluded + ")");
            }
            put(Scaler.GLOBAL, all);
        }
    }

    private void constant(String series, double value) {
        Action a = config.policy().action(Rule.CONSTANT_SERIES);
        if (a == Action.ERROR) {
            throw new InvalidDataException("series '" + series + "': target '" + config.features().targets().get(0)
                    + "' is constant (" + value + ") over its training range; set " + DataKeys.POLICY_PREFIX
                    + Rule.CONSTANT_SERIES.configName() + "=drop or keep");
        }
        if (a == Action.DROP) {
            excluded.put(series, "constant-series");
        } else {
            constantKept++;
        }
    }

    private List<String> kept(Iterable<String> allSeries) {
        List<String> k = new ArrayList<>();
        for (String s : allSeries) {
            if (!excluded.containsKey(s)) {
                k.add(s);
            }
        }
        return k;
    }

    private void put(String key, ColumnMoments m) {
        scaler.put(key, m.means(), m.populationStd(), m.min.clone(), m.max.clone());
    }

    /** One partition's {@link ColumnMoments} of the training steps of the series in {@code kept}, in step order. */
    private static final class TrainingMoments implements FlatMapFunction<Iterator<StepBlock>, ColumnMoments> {
        private static final long serialVersionUID = 1L;

        private final Set<String> kept;
        private final int numeric;

        TrainingMoments(Set<String> kept, int numeric) {
            this.kept = Set.copyOf(kept);
            this.numeric = numeric;
        }

        @Override
        public Iterator<ColumnMoments> call(Iterator<StepBlock> blocks) {
            ColumnMoments m = new ColumnMoments(numeric);
            while (blocks.hasNext()) {
                StepBlock b = blocks.next();
                if (!kept.contains(b.series)) {                       // one series per block
                    continue;
                }
                for (int k = 0; k < b.size; k++) {
                    if (b.split[k] == Split.TRAIN.ordinal()) {
                        m.add(b.values, k * numeric);
                    }
                }
            }
            return List.of(m).iterator();
        }
    }

    /** Constant series kept under {@code data.policy.constant-series=keep}. */
    long constantKept() {
        return constantKept;
    }

    Scaler scaler() {
        return scaler;
    }

    /** Series left out, with the reason: {@code constant-series} or {@code no-training-range}. */
    Map<String, String> excluded() {
        return excluded;
    }
}
