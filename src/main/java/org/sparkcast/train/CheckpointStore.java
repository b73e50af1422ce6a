package org.sparkcast.train;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints on any Hadoop filesystem ({@code file:}, {@code hdfs:}, {@code s3a:} ...): after every round
 * the progress is written to {@code _tmp-round-NNNNNNNN.ckpt} and renamed to {@code round-NNNNNNNN.ckpt},
 * so a crash leaves either the previous checkpoint or the new one, never half a file. The newest
 * {@value #KEEP} checkpoints are kept. {@link #latest()} finds the newest intact one (each carries a checksum,
 * see {@link ProgressCodec}). The store deletes only the files it writes (see {@link #clear()}): the
 * directory may be shared with anything else of the user's.
 *
 * <p>On the local filesystem ({@code file:} or no scheme) the file is written with {@code java.nio}: Hadoop's
 * local filesystem without its native library forks a {@code chmod} process for every file it creates (two
 * with the {@code .crc} sibling; 7-50 ms per round on a 2-core machine), and its checksummed stream's
 * {@code hsync} only flushes. Here the data and the directory entry are forced to disk ({@code fsync}) before
 * and after the rename. Other filesystems go through Hadoop, {@code hsync} included.
 */
public final class CheckpointStore implements CheckpointSink {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final int KEEP = 2;
    /** A checkpoint's name; the only files {@link #latest}, {@link #isEmpty} and pruning look at. */
    private static final Pattern CHECKPOINT = Pattern.compile("round-[0-9]+\\.ckpt");
    /** Every file this store writes: checkpoints, temporaries, and the {@code .crc} siblings Hadoop writes of both. */
    private static final Pattern OWN_FILE = Pattern.compile("(_tmp-)?round-[0-9]+\\.ckpt|\\.(_tmp-)?round-[0-9]+\\.ckpt\\.crc");
    private final Path dir;
    private final Configuration hadoop;

    public CheckpointStore(String dir, Configuration hadoop) {
        this.dir = new Path(dir);
        this.hadoop = hadoop;
    }

    @Override
    public void save(TrainingProgress progress, TrainingSettings settings) {
        write(progress.rounds, snapshot(progress, settings));
    }

    /**
     * Writes each round's checkpoint while the next round trains (see {@link BackgroundCheckpoints}); close it
     * when the run ends.
     */
    public BackgroundCheckpoints inBackground() {
        return new BackgroundCheckpoints(this);
    }

    /** The checkpoint bytes of {@code progress} as it is now. */
    byte[] snapshot(TrainingProgress progress, TrainingSettings settings) {
        try {
            return encode(progress, settings);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the checkpoint of round " + progress.rounds + ": " + e.getMessage(), e);
        }
    }

    /** Stores the checkpoint {@code bytes} of round {@code rounds}: temporary name, on disk, renamed, older ones pruned. */
    void write(long rounds, byte[] bytes) {
        String name = String.format(Locale.ROOT, "round-%08d.ckpt", rounds);
        Path tmp = new Path(dir, "_tmp-" + name);
        Path target = new Path(dir, name);
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (fs instanceof LocalFileSystem local) {
                writeLocal(local.pathToFile(tmp).toPath(), local.pathToFile(target).toPath(), bytes);
            } else if (fs instanceof RawLocalFileSystem raw) {
                writeLocal(raw.pathToFile(tmp).toPath(), raw.pathToFile(target).toPath(), bytes);
            } else {
                writeHadoop(fs, tmp, target, bytes);
            }
            prune(fs);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e); // a full disk or a lost filesystem leaves no half-written file behind
            throw e instanceof IOException io ? new UncheckedIOException("writing checkpoint " + target + ": " + e.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    /** Deletes the temporary file {@code tmp} (and its checksum sibling) after a failed write, keeping {@code cause}. */
    private void deleteQuietly(Path tmp, Exception cause) {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static byte[] encode(TrainingProgress progress, TrainingSettings settings) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ProgressCodec.write(out, progress, settings);
        }
        return bytes.toByteArray();
    }

    private void writeHadoop(FileSystem fs, Path tmp, Path target, byte[] bytes) throws IOException {
        fs.mkdirs(dir);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
            out.hsync(); // on disk before the rename makes it the newest checkpoint
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
    }

    /** Writes {@code tmp}, forces it to disk, renames it atomically to {@code target} and forces the directory. */
    private static void writeLocal(java.nio.file.Path tmp, java.nio.file.Path target, byte[] bytes) throws IOException {
        java.nio.file.Path folder = target.getParent();
        Files.createDirectories(folder);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer data = ByteBuffer.wrap(bytes);
            while (data.hasRemaining()) {
                out.write(data);
            }
            out.force(true); // on disk before the rename makes it the newest checkpoint
        }
        // a checksum a Hadoop-written checkpoint of the same name left behind would no longer match
        Files.deleteIfExists(folder.resolve("." + target.getFileName() + ".crc"));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel entry = FileChannel.open(folder, StandardOpenOption.READ)) {
            entry.force(true); // the rename itself survives a machine crash
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {} on this platform: {}", folder, e.toString());
        }
    }

    /** The checkpoint directory. */
    String location() {
        return dir.toString();
    }

    /** Whether the directory holds any checkpoint. */
    public boolean isEmpty() {
        try {
            return checkpoints(dir.getFileSystem(hadoop)).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("listing checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes this store's files — checkpoints, their Hadoop {@code .crc} siblings and temporaries a crash left —
     * and nothing else: the directory is the user's (it may hold their notes, a model, another tool's output), so
     * it stays, with every folder and every file of another name in it. The run lock ({@link RunLock}) is not
     * touched: its run removes it when it ends.
     */
    public void clear() {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir)) {
                return;
            }
            // the raw filesystem lists the .crc files that Hadoop's local filesystem hides, orphans included
            FileSystem listing = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
            for (FileStatus f : listing.listStatus(dir, p -> OWN_FILE.matcher(p.getName()).matches())) {
                if (f.isFile()) {
                    listing.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("clearing checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest intact checkpoint; empty when the directory holds none. A checkpoint that cannot be read, fails its
     * checksum or does not decode — whatever the exception — is skipped with a warning naming it and why, and the one
     * before it is tried (a crash of the machine can leave the newest one empty; a disk can flip a bit).
     *
     * @throws IllegalArgumentException when checkpoints exist but none is intact: resuming from nothing would
     *     silently start over, so the caller is told which files are bad.
     */
    public Optional<TrainingProgress> latest() {
        FileStatus[] done;
        FileSystem fs;
        try {
            fs = dir.getFileSystem(hadoop);
            done = checkpoints(fs);
        } catch (IOException e) {
            throw new UncheckedIOException("listing checkpoints in " + dir + ": " + e.getMessage(), e);
        }
        List<String> bad = new ArrayList<>();
        for (int i = done.length - 1; i >= 0; i--) {
            Path path = done[i].getPath();
            try {
                TrainingProgress p = ProgressCodec.read(readAll(fs, done[i]));
                LOG.info("resuming from {} (round {}, epoch {})", path, p.rounds, p.epoch);
                return Optional.of(p);
            } catch (IOException | RuntimeException e) { // any failure to decode means corrupt, never "resume anyway"
                String why = (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()).replace('\n', ' ');
                LOG.warn("checkpoint {} is unusable: {}{}", path, why, i > 0 ? "; trying the one before" : "");
                bad.add(path.getName() + " (" + why + ")");
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("no intact checkpoint in " + dir + " to resume from: " + String.join(", ", bad)
                    + "; start over with --fresh (deletes them)");
        }
        return Optional.empty();
    }

    /** The whole file, refused before allocating when it is larger than any checkpoint can be. */
    private static byte[] readAll(FileSystem fs, FileStatus file) throws IOException {
        if (file.getLen() > Integer.MAX_VALUE - 16) {
            throw new IOException(file.getLen() + " bytes, more than a checkpoint can hold");
        }
        byte[] bytes = new byte[(int) file.getLen()];
        try (FSDataInputStream in = fs.open(file.getPath())) {
            in.readFully(bytes);
            if (in.read() != -1) {
                throw new IOException("the file grew while it was read");
            }
        }
        return bytes;
    }

    private FileStatus[] checkpoints(FileSystem fs) throws IOException {
        if (!fs.exists(dir)) {
            return new FileStatus[0];
        }
        FileStatus[] all = fs.listStatus(dir, p -> CHECKPOINT.matcher(p.getName()).matches());
        Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
        return Arrays.stream(all).filter(FileStatus::isFile).toArray(FileStatus[]::new);
    }

    private void prune(FileSystem fs) throws IOException {
        FileStatus[] all = checkpoints(fs);
        for (int i = 0; i < all.length - KEEP; i++) {
            fs.delete(all[i].getPath(), false);
        }
    }
}
