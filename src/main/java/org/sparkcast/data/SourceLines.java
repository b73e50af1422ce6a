package org.sparkcast.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The line number an editor shows for a row that Spark's CSV reader delivered, found by reading the file
 * again up to that row — only when a message needs it, so the normal read pays nothing.
 *
 * <p>Why a second read: Spark's CSV reader drops blank (whitespace-only) lines before any code sees them,
 * and a split file arrives in blocks that start at a byte offset, so counting rows cannot give the line. A
 * block at byte {@code B > 0} starts at the first line that begins after byte {@code B} (Hadoop's line reader
 * skips the partial line, or the whole line at {@code B}, which the previous block reads). From there, the
 * row's index among the non-blank lines gives its line. Compressed files (never split) are read
 * decompressed, so the line is that of the decompressed text. Lines end at {@code \n}, {@code \r\n} or {@code \r},
 * as Hadoop's reader has them.
 */
final class SourceLines {
    private SourceLines() {
    }

    /**
     * The 1-based line of the {@code index}-th non-blank line (1-based, header included) of the block at byte
     * {@code block} of {@code file}, or -1 if the file cannot be read again (the message then names the block).
     */
    static long lineOf(String file, long block, long index) {
        Configuration conf = new Configuration();
        Path path = path(file);
        try (InputStream raw = path.getFileSystem(conf).open(path)) {
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
            InputStream in = new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw), 1 << 16);
            return scan(in, block, index);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The scan of {@link #lineOf} over an open stream. */
    static long scan(InputStream in, long block, long index) throws IOException {
        long line = 1;
        long lineStart = 0;
        long offset = 0;
        long seen = 0;
        boolean blank = true;
        boolean afterCr = false;
        for (int b = in.read(); ; b = in.read(), offset++) {
            if (b == '\n' && afterCr) { // the second byte of \r\n: the line already ended at \r
                afterCr = false;
                lineStart = offset + 1;
                continue;
            }
            afterCr = b == '\r';
            if (b == -1 || b == '\n' || b == '\r') {
                boolean inBlock = block == 0 || lineStart > block;
                if (inBlock && !blank && ++seen == index) {
                    return line;
                }
                if (b == -1) {
                    return -1;
                }
                line++;
                lineStart = offset + 1;
                blank = true;
            } else if (b > ' ') {
                blank = false;
            }
        }
    }

    private static Path path(String file) {
        try {
            return new Path(URI.create(file)); // input_file_name() gives URIs: a space is %20
        } catch (IllegalArgumentException e) {
            return new Path(file);
        }
    }
}
