package org.sparkcast.model;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Puts a completely written directory in place of another on a Hadoop filesystem with atomic renames (local,
 * HDFS): readers find the old directory or the new one, never a half-written one — between the two renames
 * the name is briefly absent. If a writer dies in that moment, the previous directory is left under
 * {@code _old-<name>-<uuid>} and {@link #recover} puts it back before the next write. Object stores (S3)
 * rename by copying and are not atomic: there, write to a new name per run instead. Used for models,
 * forecasts and evaluation outputs.
 */
public final class AtomicDirectory {
    private AtomicDirectory() {
    }

    /** Fills a folder it is given (which does not exist yet). */
    public interface Contents {
        void writeInto(Path folder) throws IOException;
    }

    /**
     * Writes a directory the safe way: puts back a copy a dead writer left aside ({@link #recover}), has
     * {@code contents} write a fresh temporary sibling, {@link #replace}s {@code target} with it, and deletes the
     * temporary sibling whatever happens — a failed write leaves the previous directory, or nothing.
     */
    public static void write(FileSystem fs, Path target, Contents contents) throws IOException {
        recover(fs, target);
        Path tmp = temporarySibling(target);
        try {
            contents.writeInto(tmp);
            replace(fs, tmp, target);
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, true);
            }
        }
    }

    /** A fresh temporary sibling of {@code target} (hidden from Spark and Hadoop readers by its leading underscore). */
    public static Path temporarySibling(Path target) {
        return new Path(target.getParent(), "_tmp-" + target.getName() + "-" + UUID.randomUUID());
    }

    /** When {@code target} is missing but a replaced copy of it was left aside by a writer that died, moves the newest back. */
    public static void recover(FileSystem fs, Path target) throws IOException {
        if (fs.exists(target) || target.getParent() == null || !fs.exists(target.getParent())) {
            return;
        }
        FileStatus newest = null;
        for (FileStatus s : fs.listStatus(target.getParent(), p -> p.getName().startsWith("_old-" + target.getName() + "-"))) {
            if (newest == null || s.getModificationTime() > newest.getModificationTime()) {
                newest = s;
            }
        }
        if (newest != null && !fs.rename(newest.getPath(), target)) {
            throw new IOException("could not restore " + target + " from " + newest.getPath() + ", left there by an interrupted write");
        }
    }

    /** Moves {@code tmp} to {@code target}; an existing {@code target} is removed only once the new one is there. */
    public static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
        Path old = new Path(target.getParent(), "_old-" + target.getName() + "-" + UUID.randomUUID());
        boolean moved = false;
        if (fs.exists(target)) {
            if (!fs.rename(target, old)) {
                throw new IOException("could not move the previous " + target + " aside to " + old);
            }
            moved = true;
        }
        // a directory there now was written by another run at the same time: renaming onto it would nest ours inside
        if (fs.exists(target) || !fs.rename(tmp, target)) {
            String why = fs.exists(target) ? target + " reappeared while being replaced (another run writes the same output)"
                    : "could not rename " + tmp + " to " + target;
            if (moved && !fs.exists(target) && !fs.rename(old, target)) {
                throw new IOException(why + "; the previous one is at " + old);
            }
            throw new IOException(why);
        }
        if (moved) {
            fs.delete(old, true); // hidden by its underscore if this fails
        }
    }
}
