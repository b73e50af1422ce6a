package org.sparkcast.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints on any Hadoop filesystem ({@code file:}, {@code hdfs:}, {@code s3a:} ...): after every round
 * the progress is written to {@code _tmp-round-NNNNNNNN.ckpt} and renamed to {@code round-NNNNNNNN.ckpt},
 * so a crash leaves either the previous checkpoint or the new one, never half a file. The newest
 * {@value #KEEP} checkpoints are kept. {@link #latest()} finds the newest complete one.
 */
public final class CheckpointStore implements CheckpointSink {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final int KEEP = 2;
    private final Path dir;
    private final Configuration hadoop;

    public CheckpointStore(String dir, Configuration hadoop) {
        this.dir = new Path(dir);
        this.hadoop = hadoop;
    }

    @Override
    public void save(TrainingProgress progress, TrainingSettings settings) {
        String name = String.format(Locale.ROOT, "round-%08d.ckpt", progress.rounds);
        Path tmp = new Path(dir, "_tmp-" + name);
        Path target = new Path(dir, name);
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            fs.mkdirs(dir);
            try (FSDataOutputStream raw = fs.create(tmp, true);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                ProgressCodec.write(out, progress, settings);
                out.flush();
                raw.hsync(); // on disk before the rename makes it the newest checkpoint
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            prune(fs);
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** Whether the directory holds any checkpoint. */
    public boolean isEmpty() {
        try {
            return checkpoints(dir.getFileSystem(hadoop)).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("listing checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every checkpoint (a fresh run into a used directory). */
    public void clear() {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (fs.exists(dir)) {
                fs.delete(dir, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("clearing checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The newest readable checkpoint, if any; an unreadable newest one (a crash of the machine) falls back to the one before. */
    public Optional<TrainingProgress> latest() {
        FileStatus[] done;
        FileSystem fs;
        try {
            fs = dir.getFileSystem(hadoop);
            done = checkpoints(fs);
        } catch (IOException e) {
            throw new UncheckedIOException("listing checkpoints in " + dir + ": " + e.getMessage(), e);
        }
        for (int i = done.length - 1; i >= 0; i--) {
            Path path = done[i].getPath();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(path), 1 << 16))) {
                TrainingProgress p = ProgressCodec.read(in, path.toString());
                LOG.info("resuming from {} (round {}, epoch {})", path, p.rounds, p.epoch);
                return Optional.of(p);
            } catch (IOException e) {
                LOG.warn("checkpoint {} is unreadable ({}); trying the one before", path, e.toString());
            }
        }
        return Optional.empty();
    }

    private FileStatus[] checkpoints(FileSystem fs) throws IOException {
        if (!fs.exists(dir)) {
            return new FileStatus[0];
        }
        FileStatus[] all = fs.listStatus(dir, p -> p.getName().startsWith("round-") && p.getName().endsWith(".ckpt"));
        Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
        return all;
    }

    private void prune(FileSystem fs) throws IOException {
        FileStatus[] all = checkpoints(fs);
        for (int i = 0; i < all.length - KEEP; i++) {
            fs.delete(all[i].getPath(), false);
        }
    }
}
