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
 * {@code sparkcast prepare --config FILE [--set key=value ...]}: reads, validates and windows one dataset as its config
 * describes, writes the run report (and scaling, features, effective config) into {@code data.output},
 * and prints the report with the wall time and the JVM's peak heap.
 */
final class PrepareCommand {
    private static final String USAGE = "usage: sparkcast prepare --config FILE [--set key=value ...] [--master local[2]]";

    private static final OptionParser OPTIONS = OptionParser.withConfig("prepare", USAGE).values("--master");

    int run(String[] args) {
        OptionParser.Parsed options = OPTIONS.parse(args);
        if (options.answered()) {
            return ExitCode.OK.code();
        }
        if (!options.configured()) {
            throw new UsageException("prepare needs a config: --config FILE (and --set key=value to change it)");
        }
        String master = options.value("--master", "local[2]");
        Properties props = options.config();
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
}
