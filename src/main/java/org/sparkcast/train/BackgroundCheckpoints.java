package org.sparkcast.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each round's checkpoint while the next round trains, so the write and its two {@code fsync}s are off
 * the round's critical path (5-15 ms per round on a local disk, more on HDFS or S3).
 *
 * <p>{@link #save} takes the checkpoint bytes on the caller's thread, so whatever the trainer changes next
 * cannot leak into them; it then waits for the previous write, so writes happen in round order, at most two
 * snapshots are held (the one being written and the new one), and a failed write fails the run at the next round.
 * A write slower than a round makes the driver wait for it there. {@link #flush} waits for the last
 * write. A crash while a write is in flight loses only that checkpoint: the one before it is complete (the
 * store prunes old checkpoints only after a new one is renamed into place), and resuming from it replays
 * the missing round to the same model, since rounds are deterministic.
 */
public final class BackgroundCheckpoints implements CheckpointSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCheckpoints.class);
    private final CheckpointStore store;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sparkcast-checkpoint-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    BackgroundCheckpoints(CheckpointStore store) {
        this.store = store;
    }

    @Override
    public void save(TrainingProgress progress, TrainingSettings settings) {
        byte[] bytes = store.snapshot(progress, settings);
        long rounds = progress.rounds;
        flush();
        pending = writer.submit(() -> {
            long start = System.nanoTime();
            store.write(rounds, bytes);
            LOG.debug("round {}: checkpoint written in {} ms (in the background)", rounds, (System.nanoTime() - start) / 1_000_000);
        });
    }

    @Override
    public void flush() {
        Future<?> last = pending;
        if (last == null) {
            return;
        }
        try {
            last.get();
            pending = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the write goes on; close() still waits for it
            throw new IllegalStateException("interrupted while writing a checkpoint to " + store.location(), e);
        } catch (ExecutionException e) {
            pending = null;
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("writing a checkpoint to " + store.location() + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Lets the write in flight finish (for at most {@code seconds}) and accepts no more: called when the process is
     * stopped by a signal, so that it exits with complete checkpoints and no temporary file. A later {@link #save}
     * fails. Safe to call from another thread than the trainer's.
     */
    public void finishWrites(long seconds) {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("a checkpoint write to {} did not finish within {} s; its temporary file may remain", store.location(), seconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the last write, then stops the writer thread; returns only once no write is running. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            writer.shutdown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                        break;
                    }
                    LOG.warn("still writing a checkpoint to {}", store.location());
                } catch (InterruptedException e) {
                    interrupted = true; // a half-done write must not race whoever uses the directory next
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
