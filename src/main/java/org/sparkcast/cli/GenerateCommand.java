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
            + "[--seed S (1)] [--future-steps F (48): rows after the history holding only the known-future 'event'] [--master local[2]]";

    int run(String[] args) {
        String out = "target/generated";
        int series = 8;
        int steps = 2400;
        int futureSteps = 48;
        String format = "csv";
        String frequency = "1h";
        String start = "2020-01-01T00:00";
        double missing = 0.01;
        long seed = 1;
        String master = "local[2]";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help" -> {
                    System.out.println(USAGE);
                    return ExitCode.OK.code();
                }
                case "--out" -> out = CommandArgs.value(args, ++i, "--out");
                case "--series" -> series = CommandArgs.count(args, ++i, "--series", 1);
                case "--steps" -> steps = CommandArgs.count(args, ++i, "--steps", 1);
                case "--format" -> format = CommandArgs.value(args, ++i, "--format").toLowerCase(Locale.ROOT);
                case "--frequency" -> frequency = CommandArgs.value(args, ++i, "--frequency");
                case "--start" -> start = CommandArgs.value(args, ++i, "--start");
                case "--missing" -> missing = CommandArgs.decimal(args, ++i, "--missing");
                case "--future-steps" -> futureSteps = CommandArgs.count(args, ++i, "--future-steps", 0);
                case "--seed" -> seed = CommandArgs.whole(args, ++i, "--seed");
                case "--master" -> master = CommandArgs.value(args, ++i, "--master");
                default -> throw new UsageException("unknown option '" + args[i] + "' (see --help)");
            }
        }
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw new IllegalArgumentException("--format " + format + " must be csv or parquet");
        }
        long startMillis = LocalDateTime.parse(start).toInstant(ZoneOffset.UTC).toEpochMilli();
        SparkSession spark = SparkSessionFactory.create("sparkcast-generate", master, Map.of());
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
