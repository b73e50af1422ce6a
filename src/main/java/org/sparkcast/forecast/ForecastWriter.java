package org.sparkcast.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.model.AtomicDirectory;

/**
 * Writes one forecast: the rows ({@link ForecastOutput#schema}, Parquet or CSV with a header and ISO
 * timestamps) and {@code _forecast.json} (the run's report) into a temporary sibling, then puts it in place
 * of {@code <output>/as_of=...} — a re-run for the same as-of time replaces the earlier forecast, and a
 * failure leaves the earlier one (or nothing) but never a partial folder.
 */
public final class ForecastWriter {
    /** The run's report beside the rows; its leading underscore hides it from Spark and Hadoop readers of the folder. */
    public static final String REPORT = "_forecast.json";
    /** The picture of the forecast ({@link ForecastPicture}); underscored like the report so Spark reads the folder as data. */
    public static final String PICTURE = "_forecast.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ForecastWriter() {
    }

    /** Returns the folder written. */
    public static Path write(SparkSession spark, ForecastRun.Result result, ForecastSettings settings) {
        Path target = new Path(settings.output(), ForecastOutput.folder(result.asOf()));
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            AtomicDirectory.write(fs, target, tmp -> {
                spark.createDataFrame(result.rows(), result.schema()).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                        .format(settings.format()).option("header", "true")
                        .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssXXX").save(tmp.toString());
                try (FSDataOutputStream out = fs.create(new Path(tmp, REPORT), false)) {
                    out.write(JSON.writeValueAsBytes(result.report()));
                    out.hsync();
                }
                try (FSDataOutputStream out = fs.create(new Path(tmp, PICTURE), false)) {
                    out.write(result.html().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.hsync();
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the forecast to " + target + ": " + e.getMessage(), e);
        }
        return target;
    }
}
