package org.sparkcast.forecast;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkcast.evaluate.OriginForecast;

/**
 * Every forecast of a backtest as rows, written to {@code <evaluate.output>/forecasts} (Parquet, or CSV with a header):
 * {@code series, origin_time, target_time, step, target, forecast, actual, naive, seasonal_naive} and, for a quantile
 * model, {@code q0.1, q0.5, ...}. {@code actual} is null where it was not observed (not scored). Times are instants
 * (Parquet timestamps); CSV writes them as ISO-8601 with the offset of the data's zone.
 *
 * <p>The rows reach the driver with the partitions' error sums (about 100 bytes each: 46,000 for a year of 12 hourly
 * stations at 24 steps a day): fine for backtests of thousands of series, not for millions of origins.
 */
final class BacktestForecasts {
    private BacktestForecasts() {
    }

    /** The row of target {@code y} at step {@code h} (0-based) of {@code f}; {@code quantiles}: its sorted levels, or null. */
    static Object[] row(OriginForecast f, int h, int y, String target, double[] quantiles) {
        int q = quantiles == null ? 0 : quantiles.length;
        Object[] row = new Object[9 + q];
        row[0] = f.series();
        row[1] = new Timestamp(f.origin());
        row[2] = new Timestamp(f.targetTimes()[h]);
        row[3] = h + 1;
        row[4] = target;
        row[5] = f.predicted()[h][y];
        row[6] = Double.isFinite(f.actual()[h][y]) ? f.actual()[h][y] : null;
        row[7] = f.naive()[h][y];
        row[8] = f.seasonalNaive()[h][y];
        for (int k = 0; k < q; k++) {
            row[9 + k] = quantiles[k];
        }
        return row;
    }

    static StructType schema(ForecastModel model) {
        StructType s = new StructType()
                .add("series", DataTypes.StringType, false)
                .add("origin_time", DataTypes.TimestampType, false)
                .add("target_time", DataTypes.TimestampType, false)
                .add("step", DataTypes.IntegerType, false)
                .add("target", DataTypes.StringType, false)
                .add("forecast", DataTypes.DoubleType, false)
                .add("actual", DataTypes.DoubleType, true)
                .add("naive", DataTypes.DoubleType, false)
                .add("seasonal_naive", DataTypes.DoubleType, false);
        for (String name : ForecastOutput.quantileColumns(model)) {
            s = s.add(name, DataTypes.DoubleType, false);
        }
        return s;
    }

    /** Writes {@code rows} (sorted by series, origin, step, target) into {@code folder}/forecasts. */
    static void write(SparkSession spark, ForecastModel model, List<Object[]> rows, ForecastSettings settings, Path folder) throws IOException {
        List<Row> sorted = new ArrayList<>(rows.size());
        rows.stream().sorted((a, b) -> {
            int c = ((String) a[0]).compareTo((String) b[0]);
            c = c != 0 ? c : ((Timestamp) a[1]).compareTo((Timestamp) b[1]);
            c = c != 0 ? c : Integer.compare((Integer) a[3], (Integer) b[3]);
            return c != 0 ? c : ((String) a[4]).compareTo((String) b[4]);
        }).forEach(r -> sorted.add(RowFactory.create(r)));
        spark.createDataFrame(sorted, schema(model)).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                .format(settings.evalFormat()).option("header", "true")
                .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssXXX").option("timeZone", model.data().source().zoneId().getId())
                .save(new Path(folder, "forecasts").toString());
    }
}
