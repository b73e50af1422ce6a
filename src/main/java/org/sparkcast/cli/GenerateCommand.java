package org.sparkcast.cli;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.CleaningPolicy;
import org.sparkcast.data.FileFormat;
import org.sparkcast.data.SeriesGenerator;
import org.sparkcast.data.SparkSessionFactory;

/**
 * {@code sparkcast generate}: writes synthetic multi-series data ({@link SeriesGenerator}) as CSV or
 * Parquet part files into a folder on any Hadoop filesystem; each series is generated on an executor.
 */
final class GenerateCommand {
    private static final String USAGE = "usage: sparkcast generate [--out DIR (target/generated)] [--series N (8)] "
            + "[--steps T (2400)] [--format csv|parquet] [--frequency 1h] [--start 2020-01-01T00:00] [--missing 0.01] "
            + "[--seed S (1)] [--future-steps F (48): rows after the history holding only the known-future 'event'] [--master local[2]]\n"
            + "  --config FILE / --set key=value: spark.* settings of the session (e.g. spark.hadoop.fs.s3a.* for --out s3a://...)";

    private static final OptionParser OPTIONS = OptionParser.withConfig("generate", USAGE).values("--out", "--series", "--steps",
            "--format", "--frequency", "--start", "--missing", "--future-steps", "--seed", "--master");

    int run(String[] args) {
        OptionParser.Parsed o = OPTIONS.parse(args);
        if (o.answered()) {
            return ExitCode.OK.code();
        }
        String out = o.value("--out", "target/generated");
        int series = o.count("--series", 8, 1);
        int steps = o.count("--steps", 2400, 1);
        int futureSteps = o.count("--future-steps", 48, 0);
        String format = o.value("--format", "csv").toLowerCase(Locale.ROOT);
        String frequency = o.value("--frequency", "1h");
        String start = o.value("--start", "2020-01-01T00:00");
        double missing = o.decimal("--missing", 0.01);
        long seed = o.whole("--seed", 1);
        String master = o.value("--master", "local[2]");
        // the config's spark.* keys reach the session: e.g. spark.hadoop.fs.s3a.* to write into a bucket
        Map<String, String> sparkSettings = ConfigFiles.sparkPassthrough(o.config());
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw new IllegalArgumentException("--format " + format + " must be csv or parquet");
        }
        long startMillis = LocalDateTime.parse(start).toInstant(ZoneOffset.UTC).toEpochMilli();
        SparkSession spark = SparkSessionFactory.create("sparkcast-generate", master, sparkSettings);
        try {
            new SeriesGenerator(steps, CleaningPolicy.parseFrequency(frequency), startMillis, seed, missing, futureSteps)
                    .write(spark, series, format.equals("csv") ? FileFormat.CSV : FileFormat.PARQUET, out);
        } finally {
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "generate: %d series x %d steps (%s) + %d future-covariate rows as %s in %s%n", series, steps, frequency,
                futureSteps, format, out);
        return ExitCode.OK.code();
    }
}
