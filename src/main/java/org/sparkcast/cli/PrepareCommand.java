package org.sparkcast.cli;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.PreparedData;
import org.sparkcast.data.RunReport;
import org.sparkcast.data.SparkSessionFactory;

/**
 * {@code sparkcast prepare --config FILE}: reads, validates and windows one dataset as its config
 * describes, writes the run report (and scaling, features, effective config) into {@code data.output},
 * and prints the report with the wall time and the JVM's peak heap.
 */
final class PrepareCommand {
    private static final String USAGE = "usage: sparkcast prepare --config conf/local.properties [--master local[2]]";

    int run(String[] args) {
        String config = null;
        String master = "local[2]";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help" -> {
                    System.out.println(USAGE);
                    return ExitCode.OK.code();
                }
                case "--config" -> config = value(args, ++i);
                case "--master" -> master = value(args, ++i);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (see --help)");
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config is required; " + USAGE);
        }
        Properties props = load(Path.of(config));
        DataConfig data = DataConfig.fromProperties(props);
        Map<String, String> spark = new TreeMap<>();
        props.stringPropertyNames().stream().filter(k -> k.startsWith("spark.")).forEach(k -> spark.put(k, props.getProperty(k)));
        long start = System.nanoTime();
        SparkSession session = SparkSessionFactory.create("sparkcast-prepare " + data.name(), master, spark);
        try {
            PreparedData prepared = DataPipeline.prepare(session, data);
            RunReport report = prepared.countWindows();
            double seconds = (System.nanoTime() - start) / 1e9;
            report.put("readValidateWindowSeconds", Math.round(seconds * 10) / 10.0);
            report.put("peakHeapMiB", peakHeapMiB());
            prepared.writeOutputs(session.sparkContext().hadoopConfiguration());
            prepared.release();
            System.out.println(report.toJson());
            System.out.printf(Locale.ROOT, "prepare: %s in %.1f s, peak heap %d MiB; report in %s/run-report.json%n",
                    data.name(), seconds, peakHeapMiB(), data.output());
        } finally {
            session.stop();
        }
        return ExitCode.OK.code();
    }

    /** Sum over the heap pools of their peak use since the JVM started. */
    static long peakHeapMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
        return p;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
