package org.sparkcast.model;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Puts a completely written directory in place of another on any Hadoop filesystem: readers see the old
 * directory or the new one, never a half-written one. Used for models, forecasts and evaluation outputs.
 */
public final class AtomicDirectory {
    private AtomicDirectory() {
    }

    /** A fresh temporary sibling of {@code target} (hidden from Spark and Hadoop readers by its leading underscore). */
    public static Path temporarySibling(Path target) {
        return new Path(target.getParent(), "_tmp-" + target.getName() + "-" + UUID.randomUUID());
    }

    /** Moves {@code tmp} to {@code target}; an existing {@code target} is removed only once the new one is there. */
    public static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
        Path old = new Path(target.getParent(), "_old-" + target.getName() + "-" + UUID.randomUUID());
        boolean moved = fs.exists(target) && fs.rename(target, old);
        if (!fs.rename(tmp, target)) {
            if (moved) {
                fs.rename(old, target); // put the previous one back
            }
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        if (moved) {
            fs.delete(old, true);
        }
    }
}
