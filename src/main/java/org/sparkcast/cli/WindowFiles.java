package org.sparkcast.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataKeys;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.PreparedData;
import org.sparkcast.data.Split;
import org.sparkcast.data.WindowBlock;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A configured dataset's training windows, prepared once for bench-train and kept in files: for each layout (P
 * partitions, {@code data.partitions=P}) the data pipeline runs once and partition p's train windows are written,
 * in order, to the file {@code P-p.windows} of a temporary directory, with Spark's own Kryo and the project's
 * SparkConf (its registrator, registration required). A measured run builds its partitions with
 * {@link PartitionFile}, which names only the directory and the layout: every task stays a few bytes whatever
 * the data, and every run trains on the same windows without running the pipeline again. The executors read
 * the driver's files, so this is for local mode. {@link #close} deletes the directory.
 */
final class WindowFiles implements AutoCloseable {
    private static final ClassTag<WindowBlock> WINDOW = ClassTag$.MODULE$.apply(WindowBlock.class);

    private final Path dir;
    private final SparkConf conf;
    /** Per layout (number of partitions), the windows of each partition. */
    private final Map<Integer, long[]> windows;
    /** The dataset's {@code data.name}, its window layout (steps, lanes per partition), features and targets per step. */
    final String name;
    final int steps;
    final int lanes;
    final int inputs;
    final int outputs;

    private WindowFiles(Path dir, SparkConf conf, Map<Integer, long[]> windows, PreparedData prepared) {
        this.dir = dir;
        this.conf = conf;
        this.windows = windows;
        this.name = prepared.config().name();
        this.steps = prepared.config().window().steps();
        this.lanes = prepared.config().window().lanes();
        this.inputs = prepared.layout().width();
        this.outputs = prepared.layout().targets();
    }

    /**
     * Runs the data pipeline of {@code props} once per layout in one session of {@code conf} and writes the train
     * windows of every partition; on failure, deletes what it wrote.
     */
    static WindowFiles write(SparkConf conf, Properties props, int horizon, int... layouts) {
        if (layouts.length == 0) {
            throw new IllegalArgumentException("no layout to write");
        }
        if (SparkSession.getDefaultSession().isDefined() || SparkSession.getActiveSession().isDefined()) {
            // getOrCreate would reuse it, ignoring this bench's settings, and the end of this method would stop it
            throw new IllegalStateException("bench-train --data needs its own Spark context, and a Spark session is already running in this JVM");
        }
        Path dir = temporaryDirectory("windows");
        SparkSession session = null;
        try {
            session = SparkSession.builder().config(conf).getOrCreate();
            session.sparkContext().setLogLevel("WARN");
            SerializerInstance kryo = new KryoSerializer(conf).newInstance();
            Map<Integer, long[]> counts = new TreeMap<>();
            PreparedData prepared = null;
            for (int partitions : layouts) {
                Properties p = (Properties) props.clone();
                p.setProperty(DataKeys.PARTITIONS, Integer.toString(partitions));
                prepared = DataPipeline.prepare(session, DataConfig.fromProperties(p));
                counts.put(partitions, writeLayout(kryo, dir, prepared.windows(Split.TRAIN, horizon), partitions));
                prepared.release();
            }
            return new WindowFiles(dir, conf, counts, prepared);
        } catch (RuntimeException | Error e) {
            try {
                delete(dir);
            } catch (RuntimeException f) {
                e.addSuppressed(f);
            }
            throw e;
        } finally {
            if (session != null) {
                session.stop();
            }
        }
    }

    /** Collects the layout's partitions one at a time and writes each to its file; returns the windows of each. */
    private static long[] writeLayout(SerializerInstance kryo, Path dir, JavaRDD<WindowBlock> train, int partitions) {
        long[] counts = new long[partitions];
        for (int i = 0; i < partitions; i++) {
            int[] only = {i};
            List<WindowBlock> part = DataPipeline.materialise(() -> train.collectPartitions(only)[0]);
            try (OutputStream file = Files.newOutputStream(dir.resolve(fileName(partitions, i)));
                 SerializationStream out = kryo.serializeStream(file)) {
                for (WindowBlock w : part) {
                    out.writeObject(w, WINDOW);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the windows of partition " + i + " into " + dir + ": " + e.getMessage(), e);
            }
            counts[i] = part.size();
        }
        return counts;
    }

    /** The windows of each partition of layout {@code partitions} (one epoch). */
    long[] windows(int partitions) {
        long[] counts = windows.get(partitions);
        if (counts == null) {
            throw new IllegalArgumentException("no layout of " + partitions + " partitions; written: " + windows.keySet());
        }
        return counts.clone();
    }

    /** Partition {@code partition} of layout {@code partitions}, read on the driver. */
    List<WindowBlock> read(int partitions, int partition) {
        windows(partitions);
        return readFile(new KryoSerializer(conf).newInstance(), dir.resolve(fileName(partitions, partition)));
    }

    /** What builds the partitions of layout {@code partitions} on the executors. */
    PartitionFile partitions(int partitions) {
        windows(partitions);
        return new PartitionFile(dir.toString(), partitions);
    }

    @Override
    public void close() {
        delete(dir);
    }

    private static String fileName(int partitions, int partition) {
        return partitions + "-" + partition + ".windows";
    }

    private static List<WindowBlock> readFile(SerializerInstance kryo, Path file) {
        List<WindowBlock> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file); DeserializationStream in = kryo.deserializeStream(raw)) {
            scala.collection.Iterator<Object> it = in.asIterator();
            while (it.hasNext()) {
                out.add((WindowBlock) it.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read windows from " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A new temporary directory named {@code sparkcast-bench-<what>...}, for bench-train's files. */
    static Path temporaryDirectory(String what) {
        try {
            return Files.createTempDirectory("sparkcast-bench-" + what);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the " + what + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary windows in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Executor side: partition p of a layout is the windows of its file, in order, read with the running context's
     * Kryo. Holds only the directory and the layout.
     */
    static final class PartitionFile implements Function2<Integer, Iterator<Integer>, Iterator<WindowBlock>> {
        private static final long serialVersionUID = 1L;
        private final String dir;
        private final int partitions;

        PartitionFile(String dir, int partitions) {
            this.dir = dir;
            this.partitions = partitions;
        }

        @Override
        public Iterator<WindowBlock> call(Integer partition, Iterator<Integer> ignored) {
            SerializerInstance kryo = new KryoSerializer(SparkEnv.get().conf()).newInstance();
            return readFile(kryo, Path.of(dir, fileName(partitions, partition))).iterator();
        }
    }
}
