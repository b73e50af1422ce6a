package org.sparkcast.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
        Properties props = ConfigFiles.load(config, java.util.List.of());
        DataConfig data = DataConfig.fromProperties(props);
        Map<String, String> spark = ConfigFiles.sparkPassthrough(props);
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

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
