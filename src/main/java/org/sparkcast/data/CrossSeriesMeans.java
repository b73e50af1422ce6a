package org.sparkcast.data;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Cross-series covariates ({@code data.columns.cross-series}): a {@code mean:<column>} value column of the parsed rows
 * ({@link RowParser#schema}) arrives holding the series' own reading of {@code <column>}; this replaces it, at every row,
 * with the mean of that column's read (non-missing) values over all series at the same time. One Spark aggregation by
 * time over a second read of the whole dataset, joined back on time; a time at which no series read the column gives NaN (missing, then
 * imputed or a gap like any missing value). Rows read at other times than the grid are averaged at their own time, before
 * resampling. The means are raw values: scaling, fitted on the training range, comes later as for any past covariate.
 */
final class CrossSeriesMeans {
    private CrossSeriesMeans() {
    }

    /**
     * {@code parsed} with every cross-series column replaced by its mean over series per time, computed from
     * {@code source} (the same rows, read again so that the parse's counters count each row once); unchanged without any.
     */
    static Dataset<Row> apply(Dataset<Row> parsed, Dataset<Row> source, DataConfig config) {
        List<String> numeric = config.features().numericColumns();
        List<Column> means = new ArrayList<>();
        List<Integer> derived = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            if (numeric.get(i).startsWith(FeatureSpec.CROSS_PREFIX)) {
                Column v = col("v" + i);
                means.add(avg(when(not(isnan(v)), v)).as("mean_v" + i));   // avg skips nulls: the missing readings
                derived.add(i);
            }
        }
        if (derived.isEmpty()) {
            return parsed;
        }
        Dataset<Row> perTime = source.groupBy(col("time").as("mean_time"))
                .agg(means.get(0), means.subList(1, means.size()).toArray(new Column[0]));
        Dataset<Row> joined = parsed.join(perTime, parsed.col("time").equalTo(perTime.col("mean_time")), "left");
        List<Column> out = new ArrayList<>();
        for (StructField f : parsed.schema().fields()) {
            String name = f.name();
            int i = name.matches("v\\d+") ? Integer.parseInt(name.substring(1)) : -1;
            out.add(derived.contains(i) ? coalesce(col("mean_v" + i), lit(Double.NaN)).as(name) : parsed.col(name));
        }
        return joined.select(out.toArray(new Column[0]));
    }
}
