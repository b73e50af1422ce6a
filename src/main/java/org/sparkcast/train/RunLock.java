package org.sparkcast.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run per checkpoint directory: the file {@value #FILE} in it names the run that holds it (user, host, pid,
 * the process's start, the run's start in UTC, the command). Two runs writing checkpoints into one directory would
 * interleave their rounds and prune each other's files, and the one that ended last would silently win.
 *
 * <p>{@link #acquire} creates the file with create-new semantics, so of two runs that start together exactly one
 * gets it: {@code CREATE_NEW} through {@code java.nio} on a local directory, {@code create(path, false)} on a Hadoop
 * filesystem (atomic on HDFS; on an object store such as S3 it is only as atomic as the store). A run that finds
 * the file refuses to start, naming the holder. The one exception is a holder that is gone: when the file names
 * this host and its pid is no longer running (or now belongs to a process started at another time: the pid was
 * reused), the lock is taken over with a warning — a run killed with SIGKILL never removes its lock, and
 * {@code train --resume} after such a crash must not need a hand to delete it. A holder on another host cannot be
 * checked from here, so it is always refused; the message says how to remove a stale lock.
 *
 * <p>{@link #close} removes the file if it is still this run's. Taking over a stale lock compares its content
 * again just before deleting it, which narrows (but on a filesystem without compare-and-swap cannot close) the
 * window in which two runs starting together over one stale lock both take it.
 */
public final class RunLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    /** The lock's file name inside the checkpoint directory. */
    public static final String FILE = "_sparkcast.lock";
    /** Two readings of one process's start time may differ by rounding; a reused pid starts much later. */
    private static final long START_TOLERANCE_MS = 2_000;

    private final Path path;
    private final FileSystem fs;
    private final byte[] content;
    private boolean closed;
    private final String tookOverFrom;

    private RunLock(Path path, FileSystem fs, byte[] content, String tookOverFrom) {
        this.path = path;
        this.fs = fs;
        this.content = content;
        this.tookOverFrom = tookOverFrom;
    }

    /**
     * Takes the lock of checkpoint directory {@code dir} (created if missing) for this process.
     *
     * @param command what the run is, recorded for whoever finds the lock (e.g. {@code sparkcast train --resume})
     * @throws IllegalArgumentException when another live run holds it (or one this host cannot check)
     */
    public static RunLock acquire(String dir, Configuration hadoop, String command) {
        Path path = new Path(dir, FILE);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            Optional<java.nio.file.Path> local = local(fs, path);
            if (local.isPresent()) {
                Files.createDirectories(local.get().getParent());
            } else {
                fs.mkdirs(path.getParent());
            }
            byte[] mine = describe(ProcessHandle.current(), Instant.now(), command);
            if (createNew(fs, path, mine)) {
                return new RunLock(path, fs, mine, null);
            }
            byte[] found = read(fs, path);
            Holder holder = Holder.parse(found);
            if (holder == null || !holder.isGone()) {
                throw new IllegalArgumentException(refusal(dir, path, holder));
            }
            if (!Arrays.equals(found, read(fs, path)) || !fs.delete(path, false) || !createNew(fs, path, mine)) {
                throw new IllegalArgumentException(refusal(dir, path, Holder.parse(read(fs, path))));
            }
            LOG.warn("took over the lock {} left by a run that is gone: {}", path, holder);
            return new RunLock(path, fs, mine, holder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("taking the run lock " + path + ": " + e.getMessage(), e);
        }
    }

    /** The dead holder whose lock this run took over ({@code user@host pid N since TIME}), if it took one over. */
    public Optional<String> tookOverFrom() {
        return Optional.ofNullable(tookOverFrom);
    }

    /** Removes the lock file if it is still this run's (a run that wrongly took it over keeps its own). */
    @Override
    public synchronized void close() {
        if (closed) {
            return; // a signal's stop and the run's own end may both release it
        }
        closed = true;
        try {
            if (Arrays.equals(content, read(fs, path))) {
                fs.delete(path, false);
            } else {
                LOG.warn("the run lock {} no longer holds this run's details; left in place", path);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the run lock {}: {}; delete it by hand before the next run", path, e.toString());
        }
    }

    /** This host's name as locks record it (the check for a dead holder compares it). */
    public static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "localhost";
        }
    }

    private static String refusal(String dir, Path path, Holder holder) {
        if (holder == null) {
            return "checkpoint directory " + dir + " is locked by " + path + ", which names no run (being written, or damaged); "
                    + "if no run uses the directory, delete that file";
        }
        return "checkpoint directory " + dir + " is in use by another run: " + holder + "; wait for it to end or, if that "
                + "process is gone, delete " + path;
    }

    /** The lock's content for {@code process}: a properties file, one key a line. */
    static byte[] describe(ProcessHandle process, Instant now, String command) {
        StringBuilder s = new StringBuilder("# the sparkcast run using this checkpoint directory; delete this file only if that run is gone\n");
        s.append("user=").append(System.getProperty("user.name")).append('\n');
        s.append("host=").append(thisHost()).append('\n');
        s.append("pid=").append(process.pid()).append('\n');
        process.info().startInstant().ifPresent(t -> s.append("process-start=").append(t).append('\n'));
        s.append("start=").append(now.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        s.append("command=").append(command.replace('\n', ' ')).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Creates {@code path} holding {@code bytes} unless it exists; false when it does. */
    private static boolean createNew(FileSystem fs, Path path, byte[] bytes) throws IOException {
        Optional<java.nio.file.Path> local = local(fs, path);
        if (local.isPresent()) {
            try {
                Files.write(local.get(), bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(path, false)) {
            out.write(bytes);
            out.hsync();
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path)) { // some filesystems report an existing file with a plain IOException
                return false;
            }
            throw e;
        }
    }

    /** The file's bytes; empty when it is gone. */
    private static byte[] read(FileSystem fs, Path path) throws IOException {
        Optional<java.nio.file.Path> local = local(fs, path);
        try {
            if (local.isPresent()) {
                return Files.readAllBytes(local.get());
            }
            try (InputStream in = fs.open(path)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return bytes.toByteArray();
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return new byte[0];
        }
    }

    /** The local file behind {@code path} (through java.nio: no {@code .crc} sibling, create-new is atomic). */
    private static Optional<java.nio.file.Path> local(FileSystem fs, Path path) {
        if (fs instanceof LocalFileSystem l) {
            return Optional.of(l.pathToFile(path).toPath());
        }
        if (fs instanceof RawLocalFileSystem raw) {
            return Optional.of(raw.pathToFile(path).toPath());
        }
        return Optional.empty();
    }

    /** Who a lock file names. */
    private record Holder(String user, String host, long pid, Instant processStart, String start, String command) {
        /** The holder in {@code bytes}, or null when they are not a complete lock file (being written, or not ours). */
        static Holder parse(byte[] bytes) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
                Instant processStart = p.getProperty("process-start") != null ? Instant.parse(p.getProperty("process-start")) : null;
                return new Holder(p.getProperty("user", "?"), p.getProperty("host"), Long.parseLong(p.getProperty("pid")),
                        processStart, p.getProperty("start", "?"), p.getProperty("command", "?"));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** Whether this host can tell that the holder no longer runs. */
        boolean isGone() {
            if (host == null || !host.equals(thisHost())) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return true;
            }
            Optional<Instant> started = process.get().info().startInstant();
            return processStart != null && started.isPresent()
                    && Math.abs(started.get().toEpochMilli() - processStart.toEpochMilli()) > START_TOLERANCE_MS;
        }

        @Override
        public String toString() {
            return user + "@" + host + " pid " + pid + " since " + start + " (" + command + ")";
        }
    }
}
