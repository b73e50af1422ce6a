package org.sparkcast.cli;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.CleaningPolicy;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.FileFormat;
import org.sparkcast.data.PreparedData;
import org.sparkcast.data.RunReport;
import org.sparkcast.data.SeriesGenerator;
import org.sparkcast.data.SparkSessionFactory;

/**
 * {@code sparkcast bench-data}: the data phase at scale. Generates (once, then reused) {@code --series} series of
 * {@code --steps} hourly steps as Parquet, then times in one JVM, on the same files: Spark's own baseline
 * ({@code read -> repartition(series) -> sortWithinPartitions(series, time) -> javaRDD().count()}, every row of every
 * column handed out; run twice, the second, warm run is the one compared), read + validate alone ({@code DataPipeline.parse(..).count()}), {@code prepare} (read, validate,
 * clean, split, fit scaling, plan windows) and building every window once. Prints one JSON line: rows, rows/s,
 * windows, windows/s, wall per stage, peak heap (after a collection: what was held; and in use at all), bytes spilled, and prepare's ratio to the baseline.
 */
final class DataBenchCommand {
    static final String USAGE = "usage: sparkcast bench-data [--config FILE (conf/local.properties)] [--set key=value ...]"
            + " [--series N (1000)] [--steps T (8760)] [--dir DIR (target/bench-data)] [--master local[2]]\n"
            + "  the config's data.* keys describe the generated columns (conf/local.properties does); data.paths, data.format\n"
            + "  and data.output are set to the generated Parquet files under DIR";

    /** Bytes spilled to memory and disk by all tasks since the last reset. */
    private static final class Spill extends SparkListener {
        final AtomicLong memory = new AtomicLong();
        final AtomicLong disk = new AtomicLong();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                memory.addAndGet(end.taskMetrics().memoryBytesSpilled());
                disk.addAndGet(end.taskMetrics().diskBytesSpilled());
            }
        }
    }

    int run(String[] args) throws Exception {
        OptionParser.Parsed o = OptionParser.withConfig("bench-data", USAGE).values("--series", "--steps", "--dir", "--master")
                .parse(args);
        if (o.answered()) {
            return ExitCode.OK.code();
        }
        int series = o.count("--series", 1000, 1);
        int steps = o.count("--steps", 8760, 48);
        String master = o.value("--master", "local[2]");
        Path dir = Path.of(o.value("--dir", "target/bench-data"), "series-" + series + "-steps-" + steps);
        Properties props = o.configured() ? o.config() : ConfigFiles.load("conf/local.properties", java.util.List.of());
        props.setProperty("data.paths", dir.toAbsolutePath() + "/*.parquet");
        props.setProperty("data.format", "parquet");
        props.setProperty("data.output", dir.toAbsolutePath() + "-report");
        DataConfig config = DataConfig.fromProperties(props);
        SparkSession spark = SparkSessionFactory.create("sparkcast-bench-data", master, ConfigFiles.sparkPassthrough(props));
        Spill spill = new Spill();
        HeapWatch heap = new HeapWatch();
        spark.sparkContext().addSparkListener(spill);
        try {
            if (!Files.exists(dir.resolve("_SUCCESS"))) {
                long g = System.nanoTime();
                new SeriesGenerator(steps, CleaningPolicy.parseFrequency("1h"), Instant.parse("2015-01-01T00:00:00Z").toEpochMilli(), 1,
                        0.01, 0).write(spark, series, FileFormat.PARQUET, dir.toString());
                System.err.printf("bench-data: generated %d series x %d steps in %.1f s%n", series, steps, seconds(g));
            }
            ObjectNode line = new ObjectMapper().createObjectNode();
            line.put("series", series);
            line.put("steps", steps);
            line.put("partitions", config.window().partitions());
            line.put("master", master);
            // twice: the first run also warms the JVM (class loading, JIT) for everything after it
            double coldBaseline = 0;
            double baseline = 0;
            long rows = 0;
            for (int run = 0; run < 2; run++) {
                long b = System.nanoTime();
                rows = spark.read().parquet(dir.toString()).repartition(config.window().partitions(), col("id"))
                        .sortWithinPartitions(col("id"), col("time")).javaRDD().count();
                coldBaseline = run == 0 ? seconds(b) : coldBaseline;
                baseline = seconds(b);
                System.err.printf("bench-data: Spark baseline%s (read, repartition by series, sort, count): %d rows in %.1f s%n",
                        run == 0 ? ", cold" : "", rows, baseline);
            }

            heap.reset();
            spill.memory.set(0);
            spill.disk.set(0);
            long r = System.nanoTime();
            long parsed = DataPipeline.materialise(() -> DataPipeline.parse(spark, config).count());
            double readValidate = seconds(r);
            System.err.printf("bench-data: read + validate: %d rows in %.1f s%n", parsed, readValidate);
            long p = System.nanoTime();
            PreparedData prepared = DataPipeline.prepare(spark, config);
            double prepare = seconds(p);
            System.err.printf("bench-data: prepare (read, validate, clean, split, scaling, window plans): %.1f s%n", prepare);
            long w = System.nanoTime();
            RunReport report = prepared.buildAndCountWindows();
            double window = seconds(w);
            prepared.release();
            long windows = 0;
            for (String split : new String[] {"train", "validation", "test"}) {
                windows += report.count("windows." + split, "windows");
            }
            long read = report.count("rows", "read");
            line.put("rows", read);
            line.put("windows", windows);
            line.put("baseline_cold_s", round(coldBaseline));
            line.put("baseline_s", round(baseline));
            line.put("read_validate_s", round(readValidate));
            line.put("prepare_s", round(prepare));
            line.put("windows_s", round(window));
            line.put("rows_per_s_baseline", Math.round(rows / baseline));
            line.put("rows_per_s_read_validate", Math.round(parsed / readValidate));
            line.put("rows_per_s_prepare", Math.round(read / prepare));
            line.put("windows_per_s", Math.round(windows / window));
            line.put("prepare_over_baseline", round(prepare / baseline));
            line.put("peak_heap_after_gc_mib", heap.afterGc.get() >> 20);
            line.put("peak_heap_used_mib", heap.used.get() >> 20);
            line.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
            line.put("spilled_memory_mib", spill.memory.get() >> 20);
            line.put("spilled_disk_mib", spill.disk.get() >> 20);
            System.out.println(line);
        } finally {
            spark.stop();
        }
        return ExitCode.OK.code();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * The heap in use right after each garbage collection (what the run still held), the largest since {@link #reset};
     * and the largest heap in use at all, garbage included (sampled, bounded by the maximum heap).
     */
    private static final class HeapWatch implements javax.management.NotificationListener {
        private final AtomicLong afterGc = new AtomicLong();
        private final AtomicLong used = new AtomicLong();
        private final java.util.Set<String> heapPools = new java.util.HashSet<>();

        HeapWatch() {
            for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener(this, null, null);
            }
            Thread sampler = new Thread(() -> {
                while (true) {
                    used.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-data-heap");
            sampler.setDaemon(true);
            sampler.start();
        }

        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {
            if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                long bytes = 0;
                for (Map.Entry<String, java.lang.management.MemoryUsage> pool : com.sun.management.GarbageCollectionNotificationInfo
                        .from((javax.management.openmbean.CompositeData) n.getUserData()).getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    bytes += heapPools.contains(pool.getKey()) ? pool.getValue().getUsed() : 0; // the map holds every pool
                }
                afterGc.accumulateAndGet(bytes, Math::max);
            }
        }

        void reset() {
            afterGc.set(0);
            used.set(0);
        }
    }
}
