package org.sparkcast.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.train.HorizonWeights;
import org.sparkcast.train.SyntheticWindows;
import org.sparkcast.train.TrainingConfig;
import org.sparkcast.train.TrainingSettings;

/**
 * The windows bench-train trains on, in two layouts: one partition (the bare engine and Spark local[1] train
 * the same windows) and N partitions (local[N]). Either the noisy sines of {@code train.synthetic.*}, generated
 * on the executors, or ({@code --data}) a configured dataset's train windows, prepared once and read from
 * files ({@link WindowFiles}). Also the JSON fields that describe each layout.
 */
final class BenchWindows implements AutoCloseable {
    /** One layout: what builds its partitions on the executors, and the JSON fields that describe it. */
    private record Layout(Function2<Integer, Iterator<Integer>, Iterator<WindowBlock>> partitions, String shape) {
    }

    /** The training settings, sized to the windows' features and targets. */
    final TrainingSettings settings;
    /** The one-partition layout's windows, in order: what the bare engine trains through. */
    final List<WindowBlock> engineWindows;
    private final Map<Integer, Layout> layouts;
    private final WindowFiles files;

    private BenchWindows(TrainingSettings settings, List<WindowBlock> engineWindows, Map<Integer, Layout> layouts, WindowFiles files) {
        this.settings = settings;
        this.engineWindows = engineWindows;
        this.layouts = layouts;
        this.files = files;
    }

    /** The synthetic windows: every partition has the same number of windows, whatever the layout. */
    static BenchWindows synthetic(TrainingConfig cfg, int cores) {
        if (cfg.objective() == org.sparkcast.train.Objective.DIRECT) {
            throw new IllegalArgumentException("train.objective=direct needs --data: the synthetic windows carry no multi-step labels");
        }
        TrainingSettings settings = cfg.settingsFor(1, 1);
        SyntheticWindows source = new SyntheticWindows(cfg.syntheticLanes(), cfg.syntheticSteps(), cfg.syntheticWindow(), settings.seed());
        List<WindowBlock> windows = source.windows(0);
        String shape = shape(settings, null, cfg.syntheticLanes(), cfg.syntheticWindow(), Integer.toString(windows.size()));
        Map<Integer, Layout> layouts = new TreeMap<>();
        for (int partitions : layoutsOf(cores)) {
            layouts.put(partitions, new Layout(source, shape));
        }
        return new BenchWindows(settings, windows, layouts, null);
    }

    /**
     * The train windows of the dataset that {@code props} configures, with its training settings, prepared in one
     * session of {@code conf} (untimed); {@code windows_per_partition_epoch} lists each partition's windows.
     */
    static BenchWindows dataset(TrainingConfig cfg, Properties props, SparkConf conf, int cores) {
        WindowFiles files = WindowFiles.write(conf, props, cfg.objective() == org.sparkcast.train.Objective.DIRECT ? cfg.horizon() : 0, layoutsOf(cores));
        try {
            TrainingSettings settings = cfg.settingsFor(files.inputs, files.outputs);
            List<WindowBlock> windows = files.read(1, 0);
            if (windows.isEmpty()) {
                throw new IllegalArgumentException("data '" + files.name + "' has no training windows (check data.split.* and the data)");
            }
            if (cfg.horizonWeighting() == org.sparkcast.train.HorizonWeighting.NAIVE) {   // train's loss, weights and all
                settings = settings.withDirect(settings.direct().withWeights(HorizonWeights.fromNaiveErrors(windows, settings.direct())));
            }
            Map<Integer, Layout> layouts = new TreeMap<>();
            for (int partitions : layoutsOf(cores)) {
                String counts = Arrays.stream(files.windows(partitions)).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]"));
                String shape = shape(settings, files.name, files.lanes, files.steps, counts);
                layouts.put(partitions, new Layout(files.partitions(partitions), shape));
            }
            return new BenchWindows(settings, windows, layouts, files);
        } catch (RuntimeException | Error e) {
            files.close();
            throw e;
        }
    }

    /** The JSON fields that describe what a line measured; {@code data} is the dataset's name, null for synthetic windows. */
    private static String shape(TrainingSettings settings, String data, int lanes, int window, String windowsPerPartition) {
        return String.format(Locale.ROOT, "%s\"cell\":\"%s\",\"H\":%d,\"lanes\":%d,\"window\":%d,\"windows_per_partition_epoch\":%s,"
                        + "\"epochs\":%d,\"sync\":\"%s\"", data == null ? "" : "\"data\":\"" + jsonText(data) + "\",",
                settings.network().cell().configName(), settings.network().hiddenSize(), lanes, window, windowsPerPartition,
                settings.epochs(), sync(settings));
    }

    /** An RDD of the windows in {@code partitions} partitions (1 or the cores), built on the executors. */
    JavaRDD<WindowBlock> rdd(JavaSparkContext jsc, int partitions) {
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        return jsc.parallelize(ids, partitions).mapPartitionsWithIndex(layout(partitions).partitions(), true);
    }

    /** The JSON fields describing the layout of {@code partitions} partitions. */
    String shape(int partitions) {
        return layout(partitions).shape();
    }

    @Override
    public void close() {
        if (files != null) {
            files.close();
        }
    }

    private Layout layout(int partitions) {
        Layout layout = layouts.get(partitions);
        if (layout == null) {
            throw new IllegalArgumentException("no layout of " + partitions + " partitions; prepared: " + layouts.keySet());
        }
        return layout;
    }

    private static int[] layoutsOf(int cores) {
        return cores == 1 ? new int[] {1} : new int[] {1, cores};
    }

    private static String sync(TrainingSettings settings) {
        return settings.sync().name().toLowerCase(Locale.ROOT);
    }

    private static String jsonText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
