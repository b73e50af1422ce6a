package org.sparkcast.data;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of long Spark stages on the console, so that no command is silent for long: every {@code interval} a
 * stage has been running, one INFO line naming it (the job's description where Sparkcast set one, and Spark's call site),
 * with its tasks done of all, the rows it has read so far (scan input and shuffle input: finished tasks, and running
 * ones as their executors' heartbeats report them), rows/s and an ETA from the tasks done (Spark knows a stage's task count, not its rows); and a
 * closing line when such a stage ends. Stages shorter than the interval print nothing.
 */
public final class SparkProgress extends SparkListener {
    private static final Logger LOG = LoggerFactory.getLogger(SparkProgress.class);

    /** One running stage. */
    private static final class Running {
        final String name;
        final int tasks;
        final long started = System.nanoTime();
        final AtomicLong done = new AtomicLong();
        final AtomicLong rows = new AtomicLong();
        /** Rows read so far by each running task, from the executors' heartbeats. */
        final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
        volatile boolean reported;

        Running(String name, int tasks) {
            this.name = name;
            this.tasks = tasks;
        }
    }

    private final Map<Integer, Running> running = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final long intervalNanos;

    private SparkProgress(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** The contexts already reported on (a session built again on a running context must not add a second reporter). */
    private static final java.util.Set<SparkContext> ATTACHED =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /**
     * Listens to {@code sc}'s stages and reports every {@code intervalMillis} from a daemon thread until {@code sc} stops;
     * null when {@code sc} already has a reporter.
     */
    public static SparkProgress attach(SparkContext sc, long intervalMillis) {
        return ATTACHED.add(sc) ? start(sc, intervalMillis) : null;
    }

    /** A reporter of its own on {@code sc}, until {@code sc} stops or it is {@linkplain #close closed}. */
    static SparkProgress start(SparkContext sc, long intervalMillis) {
        SparkProgress progress = new SparkProgress(intervalMillis);
        sc.addSparkListener(progress);
        Thread reporter = new Thread(() -> {
            while (!sc.isStopped() && !progress.closed) {
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
                progress.report();
            }
        }, "sparkcast-progress");
        reporter.setDaemon(true);
        reporter.start();
        return progress;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        StageInfo s = submitted.stageInfo();
        String job = submitted.properties() == null ? null : submitted.properties().getProperty("spark.job.description");
        running.put(s.stageId(), new Running(job == null ? shortName(s.name()) : job + ", " + shortName(s.name()), s.numTasks()));
    }

    /** The rows each running task has read so far (scan and shuffle input), as its executor's heartbeat reports them. */
    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (scala.Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
                : scala.jdk.javaapi.CollectionConverters.asJava(update.accumUpdates())) {
            Running r = running.get((Integer) task._2());
            if (r == null) {
                continue;
            }
            long rows = 0;
            for (AccumulableInfo a : scala.jdk.javaapi.CollectionConverters.asJava(task._4())) {
                if (a.name().isDefined() && ROW_METRICS.contains(a.name().get()) && a.update().isDefined()
                        && a.update().get() instanceof Number n) {
                    rows += n.longValue();
                }
            }
            r.inFlight.put((Long) task._1(), rows);
        }
    }

    /**
     * What counts rows read in a heartbeat: Spark's task metrics (from a scan and from a shuffle) where they come, and
     * Spark SQL's shuffle reader's "records read", which is what Spark 4.2's heartbeats carry (seen: only the SQL
     * metrics travel in them; the task metrics arrive with the task's end).
     */
    private static final java.util.Set<String> ROW_METRICS = java.util.Set.of("internal.metrics.input.recordsRead",
            "internal.metrics.shuffle.read.recordsRead", "records read");

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        Running r = running.get(end.stageId());
        TaskMetrics m = end.taskMetrics();
        if (r != null) {
            r.inFlight.remove(end.taskInfo().taskId());
            r.done.incrementAndGet();
            if (m != null) {
                r.rows.addAndGet(m.inputMetrics().recordsRead() + m.shuffleReadMetrics().recordsRead());
            }
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        Running r = running.remove(completed.stageInfo().stageId());
        if (r != null && r.reported) {
            double s = (System.nanoTime() - r.started) / 1e9;
            LOG.info(String.format(Locale.ROOT, "stage %d (%s) done: %d tasks, %,d rows in %.0f s (%,.0f rows/s)",
                    completed.stageInfo().stageId(), r.name, r.tasks, r.rows.get(), s, r.rows.get() / Math.max(s, 1e-9)));
        }
    }

    /** Stops reporting (the listener stays registered until removed from the context). */
    void close() {
        closed = true;
    }

    /** One line per stage running longer than the interval. */
    void report() {
        long now = System.nanoTime();
        running.forEach((id, r) -> {
            if (now - r.started < intervalNanos) {
                return;
            }
            r.reported = true;
            double s = (now - r.started) / 1e9;
            long done = r.done.get();
            long rows = r.rows.get() + r.inFlight.values().stream().mapToLong(Long::longValue).sum();
            String eta = done == 0 ? "ETA unknown" : String.format(Locale.ROOT, "ETA %.0f s", s / done * (r.tasks - done));
            LOG.info(String.format(Locale.ROOT, "stage %d (%s): %d of %d tasks, %,d rows so far (%,.0f rows/s), %.0f s, %s",
                    id, r.name, done, r.tasks, rows, rows / s, s, eta));
        });
    }

    /** "count at DataPipeline.java:170" rather than Spark's call-site detail. */
    private static String shortName(String name) {
        return name == null ? "?" : name.length() > 80 ? name.substring(0, 80) : name;
    }
}
