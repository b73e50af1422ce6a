package org.sparkcast.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkcast.data.SparkSessionFactory;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.train.BackgroundCheckpoints;
import org.sparkcast.train.CheckpointSink;
import org.sparkcast.train.CheckpointStore;
import org.sparkcast.train.DistributedTrainer;
import org.sparkcast.train.EpochRecord;
import org.sparkcast.train.ModelState;
import org.sparkcast.train.PartitionPass;
import org.sparkcast.train.RoundTiming;
import org.sparkcast.train.TrainingConfig;
import org.sparkcast.train.TrainingProgress;
import org.sparkcast.train.TrainingSettings;

/**
 * {@code sparkcast bench-train}: training throughput (windows per second) of the bare engine, of Spark
 * local[1] with one partition on the same windows (the Spark overhead), and of local[N] with N partitions
 * (the scaling). The machine's load drifts, so the three are measured in turn within every repeat and the
 * ratios are taken per repeat (paired), then summarised; warm-up repeats (JIT) are left out of all three
 * alike. Each Spark measurement gets a fresh SparkContext whose first training run (its one-off per-context
 * costs) is not timed. Prints one JSON object per line with median, min and max, and for Spark runs the
 * median per-round broadcast / compute / rest (Spark's fixed cost) milliseconds. The windows are the synthetic
 * ones of {@code train.synthetic.*}, or with {@code --data} the train windows of the configured dataset
 * ({@link BenchWindows}); the bare engine trains through them as a partition does ({@link PartitionPass}).
 */
final class TrainBenchCommand {
    static final String USAGE = "usage: sparkcast bench-train [--config FILE] [--set key=value ...] [--data] [--repeats R] [--warmup W] [--cores N] [--checkpoints]\n"
            + "  times train.epochs epochs on the synthetic windows of the config (train.synthetic.*), default conf keys;\n"
            + "  --data: on the train windows of the dataset the config describes (data.*) instead, prepared once (untimed) for\n"
            + "    1 and N partitions (data.partitions) and read from temporary files;\n"
            + "  --checkpoints: Spark runs write a checkpoint after every round (as train does, in the background) into a temporary directory";

    /**
     * One timed run: windows trained, wall seconds, CPU seconds of the whole JVM (every thread: engine,
     * Spark's scheduler and RPC threads, JIT, GC) and (Spark) where each round's time went.
     */
    private record Run(long windows, double seconds, double cpuSeconds, List<RoundTiming> rounds) {
        double rate() {
            return windows / seconds;
        }

        /**
         * Windows per CPU second: unlike the wall-clock rate, not inflated by waiting for a core on a loaded machine.
         * NaN when the run was too short for the JVM's CPU clock to advance.
         */
        double cpuRate() {
            return cpuSeconds > 0 ? windows / cpuSeconds : Double.NaN;
        }
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    int run(String[] args) {
        OptionParser.Parsed o = OptionParser.withConfig("bench-train", USAGE).values("--repeats", "--warmup", "--cores")
                .flags("--checkpoints", "--data").parse(args);
        if (o.answered()) {
            return ExitCode.OK.code();
        }
        int repeats = o.count("--repeats", 5, 1);
        int warmup = o.count("--warmup", 1, 0);
        int cores = o.count("--cores", 2, 1);
        boolean checkpoints = o.has("--checkpoints");
        boolean data = o.has("--data");
        Properties props = o.config();
        // every run trains all train.epochs epochs: the Spark runs have no validation data, and early stopping on the
        // training loss could end one run sooner than the engine's
        props.setProperty(org.sparkcast.train.TrainKeys.PATIENCE, "0");
        TrainingConfig cfg = TrainingConfig.fromProperties(props);
        if (data && !TrainingData.configured(props)) {
            throw new UsageException("--data needs a config that describes a dataset (data.* keys), e.g. --config conf/beijing-multisite.properties\n" + USAGE);
        }
        List<Run> engine = new ArrayList<>();
        List<Run> one = new ArrayList<>();
        List<Run> many = new ArrayList<>();
        try (BenchWindows windows = data ? BenchWindows.dataset(cfg, props, sparkConf(cfg, props, cores), cores)
                : BenchWindows.synthetic(cfg, cores)) {
            for (int r = -warmup; r < repeats; r++) {
                Run e = timeEngine(windows.settings, windows.engineWindows);
                Run s1 = timeSpark(cfg, props, windows, 1, checkpoints);
                Run sn = timeSpark(cfg, props, windows, cores, checkpoints);
                if (r >= 0) {
                    engine.add(e);
                    one.add(s1);
                    many.add(sn);
                }
            }
            String kernel = GemmKernels.defaultKernel().name();
            print("engine", 1, windows.shape(1), engine, null, null, kernel);
            print("spark local[1]", 1, windows.shape(1), one, engine, "spark local[1] / engine (1 - overhead); cpu_ratio: the same per CPU second", kernel);
            print("spark local[" + cores + "]", cores, windows.shape(cores), many, one, "local[N] / local[1] (scaling); cpu_ratio: windows per CPU second, "
                    + "local[N] / local[1] (1 = no extra CPU per window)", kernel);
        }
        return ExitCode.OK.code();
    }

    /**
     * The engine alone, trained through the windows as a one-partition run trains them: one pass per epoch (with
     * per-epoch sync an epoch is one round; smaller rounds carry the lanes' state over), one optimizer throughout
     * (averaging a single partition changes nothing). Counts the windows trained, as Spark runs do.
     */
    private static Run timeEngine(TrainingSettings settings, List<WindowBlock> windows) {
        RecurrentNetwork net = new RecurrentNetwork(settings.network(), GemmKernels.defaultKernel(), RecurrentNetwork.InputGradient.SKIP);
        Optimizer optimizer = settings.newOptimizer(net.parameters().length);
        ModelState.initial(settings).restoreInto(net, optimizer);
        long trained = 0;
        double cpuStart = processCpuSeconds();
        long start = System.nanoTime();
        for (int e = 0; e < settings.epochs(); e++) {
            PartitionPass pass = new PartitionPass(net, windows.get(0).lanes, settings, optimizer);
            for (WindowBlock w : windows) {
                trained += pass.train(w) > 0 ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(trained, seconds, processCpuSeconds() - cpuStart, List.of());
    }

    /** The SparkConf of a local[cores] run: the project's ({@link SparkSessionFactory#conf}, with the training Kryo registrator). */
    static SparkConf sparkConf(TrainingConfig cfg, Properties props, int cores) {
        Properties p = (Properties) props.clone();
        p.setProperty("spark.master", "local[" + cores + "]");
        return SparkSessionFactory.conf("sparkcast bench-train", cfg.master(), TrainCommand.sparkSettings(p));
    }

    /**
     * Trains once untimed and once timed in a fresh local[cores] context with one partition per core (the windows
     * built, cached and counted first); with {@code checkpoints}, into a checkpoint store in a temporary directory
     * (deleted afterwards).
     */
    private static Run timeSpark(TrainingConfig cfg, Properties props, BenchWindows windows, int cores, boolean checkpoints) {
        TrainingSettings settings = windows.settings;
        try (JavaSparkContext jsc = new JavaSparkContext(sparkConf(cfg, props, cores))) {
            jsc.setLogLevel("WARN");
            JavaRDD<WindowBlock> rdd = windows.rdd(jsc, cores).persist(StorageLevel.MEMORY_ONLY());
            rdd.count();
            CheckpointStore store = checkpoints ? new CheckpointStore(WindowFiles.temporaryDirectory("checkpoints").toUri().toString(), jsc.hadoopConfiguration()) : null;
            try (BackgroundCheckpoints background = store == null ? null : store.inBackground()) {
                CheckpointSink sink = background == null ? CheckpointSink.NONE : background;
                new DistributedTrainer(settings, sink).train(rdd, null);
                if (store != null) {
                    store.clear(); // the untimed run's newest checkpoints would sort after, and prune, the timed run's
                }
                DistributedTrainer trainer = new DistributedTrainer(settings, sink);
                double cpuStart = processCpuSeconds();
                long start = System.nanoTime();
                TrainingProgress progress = trainer.train(rdd, null);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = processCpuSeconds() - cpuStart;
                long trained = progress.history().stream().mapToLong(EpochRecord::windows).sum();
                return new Run(trained, seconds, cpu, trainer.roundTimings());
            } finally {
                if (store != null) {
                    store.clear();
                }
            }
        }
    }

    /** One JSON line; with {@code base}, the per-repeat ratio of this rate to the base's rate. */
    private static void print(String what, int cores, String shape, List<Run> runs, List<Run> base, String ratioOf, String kernel) {
        double[] rates = runs.stream().mapToDouble(Run::rate).toArray();
        double[] cpuRates = runs.stream().mapToDouble(Run::cpuRate).toArray();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "{\"run\":\"%s\",\"cores\":%d,\"partitions\":%d,%s,\"windows_per_run\":%d,\"windows_per_s\":%s,\"windows_per_s_min\":%s,"
                        + "\"windows_per_s_max\":%s,\"windows_per_cpu_s\":%s,\"repeats\":%d,\"kernel\":\"%s\"",
                what, cores, cores, shape, runs.get(0).windows(), decimal(median(rates), 2), decimal(min(rates), 2), decimal(max(rates), 2),
                decimal(median(cpuRates), 2), rates.length, kernel));
        if (base != null) {
            double[] ratios = new double[runs.size()];
            double[] cpuRatios = new double[runs.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = runs.get(i).rate() / base.get(i).rate();
                cpuRatios[i] = runs.get(i).cpuRate() / base.get(i).cpuRate();
            }
            line.append(String.format(Locale.ROOT, ",\"ratio\":%s,\"ratio_min\":%s,\"ratio_max\":%s,"
                            + "\"cpu_ratio\":%s,\"cpu_ratio_min\":%s,\"cpu_ratio_max\":%s,\"ratio_of\":\"%s\"",
                    decimal(median(ratios), 3), decimal(min(ratios), 3), decimal(max(ratios), 3), decimal(median(cpuRatios), 3),
                    decimal(min(cpuRatios), 3), decimal(max(cpuRatios), 3), ratioOf));
        }
        List<RoundTiming> rounds = runs.stream().flatMap(r -> r.rounds().stream()).toList();
        if (!rounds.isEmpty()) {
            line.append(String.format(Locale.ROOT, ",\"rounds_per_run\":%d,\"round_ms\":{%s,%s,%s,%s}", rounds.size() / runs.size(),
                    msField("broadcast", rounds, RoundTiming::broadcastNanos), msField("compute", rounds, RoundTiming::computeNanos),
                    msField("rest", rounds, RoundTiming::restNanos), msField("checkpoint", rounds, RoundTiming::checkpointNanos)));
        }
        System.out.println(line.append('}'));
    }

    /** {@code v} with {@code digits} decimals, or JSON's null when it is not a finite number. */
    private static String decimal(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "null";
    }

    /** {@code "name":[median,min,max]} in milliseconds. */
    private static String msField(String name, List<RoundTiming> rounds, ToDoubleFunction<RoundTiming> nanos) {
        double[] ms = rounds.stream().mapToDouble(nanos).map(n -> n / 1e6).toArray();
        return String.format(Locale.ROOT, "\"%s\":[%.1f,%.1f,%.1f]", name, median(ms), min(ms), max(ms));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
