package org.sparkcast.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import scala.Tuple2;

/**
 * A partition's step rows on local disk, segment after segment, so that B lanes can read B segments
 * side by side without holding any of them in memory. Written once from the sorted shuffle stream,
 * read in slices, deleted on {@link #close}.
 *
 * <p>Where: in Spark's local directories on the executor ({@code spark.local.dir}, or what the cluster
 * manager sets: {@code SPARK_LOCAL_DIRS}, YARN's {@code LOCAL_DIRS}), as a temporary block of the block
 * manager's {@code DiskBlockManager} — what Spark's own sorters spill to. Spark has no public API for
 * scratch files; of its two internal ways ({@code Utils.getLocalDir} and this one) this one spreads files
 * over every local directory and lives in the {@code blockmgr-*} folders that Spark deletes when the
 * executor stops, a backstop for a JVM that dies. Outside Spark (no {@code SparkEnv}): {@code java.io.tmpdir}.
 *
 * <p>Never leaked: a failed write deletes the file before the error propagates, and inside a task a
 * completion listener closes and deletes it when the task ends, whether it succeeded, failed or was killed.
 */
final class SpillFile implements SegmentStore, Closeable {
    private final Path path;
    private final FileChannel channel;
    private final int width;
    private final long[] start;
    private final int[] rows;
    private final int segments;
    private ByteBuffer buffer = ByteBuffer.allocate(0);
    private boolean closed;

    private SpillFile(Path path, int width, long[] start, int[] rows, int segments) throws IOException {
        this.path = path;
        this.width = width;
        this.start = start;
        this.rows = rows;
        this.segments = segments;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Writes the sorted steps of one partition; a new segment starts where the key's order changes. */
    static SpillFile write(Iterator<Tuple2<StepKey, float[]>> input, int width) {
        Path path;
        try {
            path = newPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spill file for window rows in a local directory", e);
        }
        SpillFile[] written = new SpillFile[1];
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> {
                if (written[0] != null) {
                    written[0].close();
                } else {
                    deleteQuietly(path);
                }
            });
        }
        try {
            written[0] = writeTo(path, input, width);
            return written[0];
        } catch (IOException e) {
            deleteQuietly(path);
            throw new UncheckedIOException("cannot spill window rows to " + path, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(path);
            throw e;
        }
    }

    /** A new file path in one of Spark's local directories, or in java.io.tmpdir outside Spark. */
    static Path newPath() throws IOException {
        SparkEnv env = SparkEnv.get();
        if (env != null && env.blockManager() != null) {
            return env.blockManager().diskBlockManager().createTempLocalBlock()._2().toPath();
        }
        return Files.createTempFile("sparkcast-windows-", ".bin");
    }

    private static SpillFile writeTo(Path path, Iterator<Tuple2<StepKey, float[]>> input, int width) throws IOException {
        long[] start = new long[16];
        int[] rows = new int[16];
        int segments = 0;
        int lastOrder = -1;
        long written = 0;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16))) {
            while (input.hasNext()) {
                Tuple2<StepKey, float[]> step = input.next();
                if (step._1().order != lastOrder) {
                    if (segments == start.length) {
                        start = java.util.Arrays.copyOf(start, segments * 2);
                        rows = java.util.Arrays.copyOf(rows, segments * 2);
                    }
                    start[segments] = written;
                    segments++;
                    lastOrder = step._1().order;
                }
                for (float v : step._2()) {
                    out.writeFloat(v);
                }
                rows[segments - 1]++;
                written++;
            }
        }
        return new SpillFile(path, width, start, rows, segments);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }

    @Override
    public int segments() {
        return segments;
    }

    @Override
    public int rows(int segment) {
        return rows[segment];
    }

    @Override
    public void read(int segment, int from, int count, float[] dst) {
        int bytes = count * width * Float.BYTES;
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(bytes);
        }
        buffer.clear().limit(bytes);
        long position = (start[segment] + from) * width * (long) Float.BYTES;
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("spill file ended early at byte " + (position + buffer.position()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.flip();
        buffer.asFloatBuffer().get(dst, 0, count * width);
    }

    /** Closes and deletes the file; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(path);
        }
    }

}
