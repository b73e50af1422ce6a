package org.sparkcast.forecast;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows {@code forecast} writes, one per series, target time and target column:
 * {@code series, issue_time, target_time, step, target, value} and, for a model trained on quantiles, one column per
 * level ({@code q0.1, q0.5, q0.9}, sorted so they never cross) — issue time is the as-of time (the last step of
 * history), step counts 1..H after it, value (the mean, or the median quantile) is in the target's original units. Each as-of time
 * has its own folder {@code as_of=yyyyMMdd'T'HHmm'Z'} (UTC), replaced as a whole when re-run.
 */
public final class ForecastOutput {
    public static final StructType SCHEMA = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
        DataTypes.createStructField("series", DataTypes.StringType, false),
        DataTypes.createStructField("issue_time", DataTypes.TimestampType, false),
        DataTypes.createStructField("target_time", DataTypes.TimestampType, false),
        DataTypes.createStructField("step", DataTypes.IntegerType, false),
        DataTypes.createStructField("target", DataTypes.StringType, false),
        DataTypes.createStructField("value", DataTypes.DoubleType, false),
    });

    /** {@link #SCHEMA} and one double column {@code q<level>} per quantile level of a direct model (none for the mean or one-step). */
    public static StructType schema(ForecastModel model) {
        StructType schema = SCHEMA;
        for (String name : quantileColumns(model)) {
            schema = schema.add(name, DataTypes.DoubleType, false);
        }
        return schema;
    }

    /** The quantile column names of {@code model}'s forecasts: {@code q0.1, q0.5, ...}; empty without quantiles. */
    public static java.util.List<String> quantileColumns(ForecastModel model) {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (model.direct() != null) {
            for (float q : model.direct().quantiles()) {
                names.add("q" + q);
            }
        }
        return names;
    }

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private ForecastOutput() {
    }

    /** The folder name of one as-of time. */
    public static String folder(long asOf) {
        return "as_of=" + FOLDER.format(Instant.ofEpochMilli(asOf));
    }
}
