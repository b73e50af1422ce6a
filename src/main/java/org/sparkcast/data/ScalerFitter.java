package org.sparkcast.data;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the {@link Scaler} on the training steps only (Spark SQL aggregates: mean, population std, min,
 * max per numeric column, per series and, for global scope, over all), and applies
 * {@link Rule#CONSTANT_SERIES} to the first target. Series left out are returned with their reason.
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

    /** {@code tagged}: cleaned steps with their split column. */
    void fit(Dataset<Row> tagged, List<String> allSeries) {
        Dataset<Row> train = tagged.filter(col("split").equalTo(Split.TRAIN.ordinal()));
        SplitSpec s = config.split();
        scaler = new Scaler(s.scaling, s.scope, config.features().numericColumns());
        Map<String, Row> perSeries = new TreeMap<>();
        for (Row r : train.groupBy(col("series")).agg(count(col("time")), aggregates()).collectAsList()) {
            perSeries.put(r.getString(0), r);
        }
        for (String series : allSeries) {
            Row r = perSeries.get(series);
            if (r == null && s.scope == ScalingScope.PER_SERIES) {
                excluded.put(series, "no-training-range");
            } else if (r == null) {
                continue; // global scaling: a series may lie wholly in validation or test
            } else if (r.getDouble(2 + 3 * numeric) == r.getDouble(2 + 2 * numeric)) {
                constant(series, r.getDouble(2 + 2 * numeric));
            }
            if (r != null && s.scope == ScalingScope.PER_SERIES && !excluded.containsKey(series)) {
                put(series, r, 2);
            }
        }
        if (s.scope == ScalingScope.GLOBAL) {
            List<Row> all = train.filter(col("series").isin(kept(allSeries).toArray())).agg(count(col("time")), aggregates()).collectAsList();
            if (all.isEmpty() || all.get(0).getLong(0) == 0) {
                throw new InvalidDataException("no training steps left to fit the scaling on (" + excluded.size() + " series excluded: " + excluded + ")");
            }
            put(Scaler.GLOBAL, all.get(0), 1);
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

    private List<String> kept(List<String> allSeries) {
        List<String> k = new ArrayList<>();
        for (String s : allSeries) {
            if (!excluded.containsKey(s)) {
                k.add(s);
            }
        }
        return k;
    }

    /** avg_i.., stddev_i.., min_i.., max_i.. of every numeric column, in that order. */
    private Column[] aggregates() {
        List<Column> a = new ArrayList<>();
        for (int i = 0; i < numeric; i++) {
            a.add(avg(col("v" + i)));
        }
        for (int i = 0; i < numeric; i++) {
            a.add(stddev_pop(col("v" + i)));
        }
        for (int i = 0; i < numeric; i++) {
            a.add(min(col("v" + i)));
        }
        for (int i = 0; i < numeric; i++) {
            a.add(max(col("v" + i)));
        }
        return a.toArray(new Column[0]);
    }

    private void put(String key, Row r, int first) {
        double[][] m = new double[4][numeric];
        for (int block = 0; block < 4; block++) {
            for (int i = 0; i < numeric; i++) {
                m[block][i] = r.getDouble(first + block * numeric + i);
            }
        }
        scaler.put(key, m[0], m[1], m[2], m[3]);
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
