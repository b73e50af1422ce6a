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
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(tmp, true), 1 << 16))) {
                ProgressCodec.write(out, progress, settings);
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

    /** The newest complete checkpoint, if any. */
    public Optional<TrainingProgress> latest() {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            FileStatus[] done = checkpoints(fs);
            if (done.length == 0) {
                return Optional.empty();
            }
            Path newest = done[done.length - 1].getPath();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(newest), 1 << 16))) {
                TrainingProgress p = ProgressCodec.read(in, newest.toString());
                LOG.info("resuming from {} (round {}, epoch {})", newest, p.rounds, p.epoch);
                return Optional.of(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading checkpoints in " + dir + ": " + e.getMessage(), e);
        }
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
