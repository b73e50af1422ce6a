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
import scala.Tuple2;

/**
 * A partition's step rows on local disk, segment after segment, so that B lanes can read B segments
 * side by side without holding any of them in memory. Written once from the sorted shuffle stream,
 * read in slices, deleted on {@link #close}.
 */
final class SpillFile implements SegmentStore, Closeable {
    private final Path path;
    private final FileChannel channel;
    private final int width;
    private final long[] start;
    private final int[] rows;
    private final int segments;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

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
        try {
            Path path = Files.createTempFile("sparkcast-windows-", ".bin");
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill window rows to local disk", e);
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

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
