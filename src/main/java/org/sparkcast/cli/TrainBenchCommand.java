package org.sparkcast.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.sparkcast.data.SparkSessionFactory;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.WindowTrainer;
import org.sparkcast.train.CheckpointSink;
import org.sparkcast.train.DistributedTrainer;
import org.sparkcast.train.ModelState;
import org.sparkcast.train.SyntheticWindows;
import org.sparkcast.train.TrainingConfig;
import org.sparkcast.train.TrainingSettings;

/**
 * {@code sparkcast bench-train}: training throughput (windows per second) of the bare engine, of Spark
 * local[1] with one partition on the same windows (the Spark overhead), and of local[N] with N partitions
 * (the scaling), each repeated; prints one JSON object per line with median, min and max.
 */
final class TrainBenchCommand {
    static final String USAGE = "usage: sparkcast bench-train [--config FILE] [--set key=value ...] [--repeats R] [--cores N]\n"
            + "  times train.epochs epochs on the synthetic windows of the config (train.synthetic.*), default conf keys";

    int run(String[] args) {
        String config = null;
        List<String> overrides = new ArrayList<>();
        int repeats = 5;
        int cores = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help" -> {
                    System.out.println(USAGE);
                    return ExitCode.OK.code();
                }
                case "--config" -> config = args[++i];
                case "--set" -> overrides.add(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--cores" -> cores = Integer.parseInt(args[++i]);
                default -> throw new UsageException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        Properties props = ConfigFiles.load(config, overrides);
        TrainingConfig cfg = TrainingConfig.fromProperties(props);
        TrainingSettings settings = cfg.settingsFor(1, 1);
        SyntheticWindows source = new SyntheticWindows(cfg.syntheticLanes(), cfg.syntheticSteps(), cfg.syntheticWindow(), settings.seed());
        List<WindowBlock> windows = source.windows(0);
        long perEpoch = windows.size();
        String shape = String.format(Locale.ROOT, "\"cell\":\"%s\",\"H\":%d,\"lanes\":%d,\"window\":%d,\"windows_per_partition_epoch\":%d,\"epochs\":%d,\"sync\":\"%s\"",
                settings.network().cell().configName(), settings.network().hiddenSize(), cfg.syntheticLanes(), cfg.syntheticWindow(),
                perEpoch, settings.epochs(), settings.sync().name().toLowerCase(Locale.ROOT));
        double[] engine = new double[repeats];
        for (int r = -1; r < repeats; r++) { // r = -1: warm-up
            double s = timeEngine(settings, windows);
            if (r >= 0) {
                engine[r] = perEpoch * settings.epochs() / s;
            }
        }
        print("engine", 1, 1, shape, engine, GemmKernels.defaultKernel().name(), Double.NaN);
        double[] one = timeSpark(cfg, props, settings, source, 1, 1, repeats);
        print("spark local[1]", 1, 1, shape, one, GemmKernels.defaultKernel().name(), median(one) / median(engine));
        double[] many = timeSpark(cfg, props, settings, source, cores, cores, repeats);
        print("spark local[" + cores + "]", cores, cores, shape, many, GemmKernels.defaultKernel().name(), median(many) / median(one));
        return ExitCode.OK.code();
    }

    private static double timeEngine(TrainingSettings settings, List<WindowBlock> windows) {
        RecurrentNetwork net = new RecurrentNetwork(settings.network(), GemmKernels.defaultKernel(), RecurrentNetwork.InputGradient.SKIP);
        Optimizer optimizer = settings.newOptimizer(net.parameters().length);
        ModelState.initial(settings).restoreInto(net, optimizer);
        long start = System.nanoTime();
        for (int e = 0; e < settings.epochs(); e++) {
            WindowTrainer trainer = new WindowTrainer(net, windows.get(0).lanes, settings.newClipper(), optimizer);
            for (WindowBlock w : windows) {
                trainer.train(w.x, 0, w.y, 0, w.mask, 0, w.steps);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double[] timeSpark(TrainingConfig cfg, Properties props, TrainingSettings settings, SyntheticWindows source,
                                      int cores, int partitions, int repeats) {
        Properties p = (Properties) props.clone();
        p.setProperty("spark.master", "local[" + cores + "]");
        double[] rates = new double[repeats];
        try (JavaSparkContext jsc = new JavaSparkContext(SparkSessionFactory.conf("sparkcast bench-train", cfg.master(),
                TrainCommand.sparkSettings(p)))) {
            jsc.setLogLevel("WARN");
            JavaRDD<WindowBlock> rdd = source.rdd(jsc, partitions).persist(StorageLevel.MEMORY_ONLY());
            long windows = rdd.count() * settings.epochs();
            for (int r = -1; r < repeats; r++) {
                long start = System.nanoTime();
                new DistributedTrainer(settings, CheckpointSink.NONE).train(rdd, null);
                double s = (System.nanoTime() - start) / 1e9;
                if (r >= 0) {
                    rates[r] = windows / s;
                }
            }
        }
        return rates;
    }

    private static void print(String what, int cores, int partitions, String shape, double[] rates, String kernel, double ratio) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "{\"run\":\"%s\",\"cores\":%d,\"partitions\":%d,%s,\"windows_per_s\":%.2f,"
                        + "\"windows_per_s_min\":%.2f,\"windows_per_s_max\":%.2f,\"repeats\":%d,\"kernel\":\"%s\"%s}%n",
                what, cores, partitions, shape, median(rates), sorted[0], sorted[sorted.length - 1], rates.length, kernel,
                Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, ",\"ratio\":%.3f,\"ratio_of\":\"%s\"", ratio,
                        partitions == 1 ? "spark local[1] / engine (1 - overhead)" : "local[N] / local[1] (scaling)"));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
