package org.sparkcast.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that run the slices of one job beside the calling thread, for a GEMM
 * kernel that may use more than one core: {@link #run} calls {@code slice.run(0, n)} on the caller
 * and {@code slice.run(s, n)} on worker s = 1 .. n-1, and returns once every slice is done.
 *
 * <p>Nothing is allocated per job (the engine's steady state stays garbage-free), jobs run one at a
 * time ({@link #run} is synchronized), and idle workers spin for a few microseconds, then park, so a
 * team costs no CPU between windows. Workers are daemon threads named {@code sparkcast-gemm-s}.
 */
final class GemmWorkers {
    /** One slice of a job: index in {@code [0, count)}. */
    interface Slice {
        void run(int index, int count);
    }

    /** Spin-wait iterations before parking ({@code -Dsparkcast.gemm.spins}); each is one {@link Thread#onSpinWait}. */
    private static final int SPINS = Integer.getInteger("sparkcast.gemm.spins", 2_000);

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Slice job;
    private volatile int generation;
    private volatile Thread caller;
    private volatile Throwable failure;

    /** Starts {@code threads - 1} workers; {@code threads} >= 2. */
    GemmWorkers(int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("a worker team needs >= 2 threads, got " + threads);
        }
        workers = new Thread[threads - 1];
        for (int s = 1; s < threads; s++) {
            int index = s;
            Thread t = new Thread(() -> work(index), "sparkcast-gemm-" + s);
            t.setDaemon(true);
            workers[s - 1] = t;
            t.start();
        }
    }

    /** The caller plus the workers. */
    int threads() {
        return workers.length + 1;
    }

    /** Runs every slice of {@code slice}, slice 0 on the calling thread; rethrows a worker's failure. */
    synchronized void run(Slice slice) {
        job = slice;
        failure = null;
        caller = Thread.currentThread();
        pending.set(workers.length);
        generation++; // volatile write: publishes the job to the workers
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        slice.run(0, threads());
        for (int spins = 0; pending.get() != 0; spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("a GEMM worker failed: " + failure, failure);
        }
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            for (int spins = 0; generation == seen; spins++) {
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            try {
                job.run(index, threads());
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
