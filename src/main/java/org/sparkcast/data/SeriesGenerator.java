package org.sparkcast.data;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Realistic synthetic environmental series, deterministic for (seed, series). Per series s and step t:
 * <pre>
 *   temp_t = 10 + 8 sin(2 pi (t/24 - 0.3)) + 0.02 t / 24 + AR(1) noise        (past covariate)
 *   y_t    = scale_s * (level_s + trend_s t + a_s sin(2 pi t/24 + phase_s)
 *            + b_s sin(2 pi t/168) + 0.3 temp_t / 10 + 1.5 * event_t) + e_t,  e_t = 0.8 e_{t-1} + 0.2 N(0,1)
 *   event_t: a known-future 0/1 schedule (weekday working hours); wd: a categorical wind direction
 * </pre>
 * with t in steps of the frequency (the seasonalities assume hourly steps), missing values (empty cells)
 * at rate {@code missing} and a few gaps (runs of absent rows, 2 to 12 steps) per series. After the {@code steps}
 * observed rows come {@code futureSteps} rows that hold only the known-future schedule {@code event} (y, temp and
 * wd empty), as a real feed of scheduled covariates would: what {@code forecast} reads for the target times.
 */
public final class SeriesGenerator implements FlatMapFunction<Integer, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final String[] DIRECTIONS = {"N", "E", "S", "W"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final int steps;
    private final long stepMillis;
    private final long start;
    private final long seed;
    private final double missing;
    private final int futureSteps;

    public SeriesGenerator(int steps, long stepMillis, long start, long seed, double missing) {
        this(steps, stepMillis, start, seed, missing, 0);
    }

    public SeriesGenerator(int steps, long stepMillis, long start, long seed, double missing, int futureSteps) {
        if (steps < 1 || stepMillis < 1 || !(missing >= 0 && missing < 1)) {
            throw new IllegalArgumentException("steps " + steps + " and step " + stepMillis + " ms must be >= 1, missing "
                    + missing + " in [0, 1)");
        }
        this.steps = steps;
        this.stepMillis = stepMillis;
        this.start = start;
        this.seed = seed;
        this.missing = missing;
        if (futureSteps < 0) {
            throw new IllegalArgumentException("future steps " + futureSteps + " must be >= 0");
        }
        this.futureSteps = futureSteps;
    }

    /** Columns: id, time, y, temp, event, wd. */
    public static StructType schema() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.StringType, false),
                DataTypes.createStructField("time", DataTypes.StringType, false),
                DataTypes.createStructField("y", DataTypes.DoubleType, true),
                DataTypes.createStructField("temp", DataTypes.DoubleType, true),
                DataTypes.createStructField("event", DataTypes.DoubleType, false),
                DataTypes.createStructField("wd", DataTypes.StringType, true)));
    }

    @Override
    public Iterator<Row> call(Integer series) {
        return rows(series).iterator();
    }

    /** The rows of one series (kept in memory: one series at a time). */
    public List<Row> rows(int series) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + series);
        double scale = Math.exp(r.nextDouble(-1, 3));
        double level = r.nextDouble(2, 6);
        double trend = r.nextDouble(-0.5, 0.5) / steps;
        double daily = r.nextDouble(0.5, 2);
        double weekly = r.nextDouble(0.1, 0.8);
        double phase = r.nextDouble(0, 2 * Math.PI);
        double noise = 0;
        double tempNoise = 0;
        boolean[] absent = gaps(r);
        List<Row> out = new ArrayList<>(steps + futureSteps);
        for (int t = 0; t < steps + futureSteps; t++) {
            noise = 0.8 * noise + 0.2 * gaussian(r);
            tempNoise = 0.9 * tempNoise + 0.3 * gaussian(r);
            long time = start + t * stepMillis;
            double hourOfWeek = Math.floorMod(time / 3_600_000L + 72, 168); // 1970-01-01 was a Thursday
            double event = hourOfWeek < 120 && hourOfWeek % 24 >= 8 && hourOfWeek % 24 < 18 ? 1 : 0;
            double temp = 10 + 8 * Math.sin(2 * Math.PI * (t / 24.0 - 0.3)) + 0.02 * t / 24 + tempNoise;
            double y = scale * (level + trend * t + daily * Math.sin(2 * Math.PI * t / 24 + phase)
                    + weekly * Math.sin(2 * Math.PI * t / 168) + 0.3 * temp / 10 + 1.5 * event) + scale * noise;
            if (t >= steps) {
                out.add(RowFactory.create("s" + series, TIME.format(Instant.ofEpochMilli(time)), null, null, event, null));
                continue;
            }
            if (absent[t]) {
                continue;
            }
            String wd = r.nextDouble() < missing ? null : DIRECTIONS[(int) Math.floorMod((long) (t / 6 + series), 4L)];
            out.add(RowFactory.create("s" + series, TIME.format(Instant.ofEpochMilli(time)),
                    r.nextDouble() < missing ? null : y, r.nextDouble() < missing ? null : temp, event, wd));
        }
        return out;
    }

    /** Writes {@code series} series into the folder {@code out} (replaced) as CSV with a header, or Parquet. */
    public void write(SparkSession spark, int series, FileFormat format, String out) {
        List<Integer> ids = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            ids.add(s);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parts = Math.max(1, Math.min(series, jsc.defaultParallelism()));
        Dataset<Row> df = spark.createDataFrame(jsc.parallelize(ids, parts).flatMap(this), schema());
        if (format == FileFormat.CSV) {
            df.write().mode(SaveMode.Overwrite).option("header", true).csv(out);
        } else {
            df.write().mode(SaveMode.Overwrite).parquet(out);
        }
    }

    /** A few runs of absent rows: about one per 500 steps, 2 to 12 steps long. */
    private boolean[] gaps(SplittableRandom r) {
        boolean[] absent = new boolean[steps];
        int count = steps / 500;
        for (int g = 0; g < count; g++) {
            int at = r.nextInt(steps);
            int len = r.nextInt(2, 13);
            for (int t = at; t < Math.min(steps, at + len); t++) {
                absent[t] = true;
            }
        }
        return absent;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: deterministic for a seed on every JVM
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
