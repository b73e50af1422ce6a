package org.sparkcast.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkcast.data.WindowBlock;

/**
 * The driver loop: one Spark job per sync round. Each round broadcasts the model, trains every partition
 * through its next windows ({@link PartitionTrainer}) in one {@code runJob} that returns the results by
 * partition, averages them in partition order ({@link ParameterAverager}), destroys the broadcast, logs one
 * INFO line and hands the progress to the checkpoint sink. From {@value Reduction#AUTO_PARTITIONS} partitions on
 * ({@link Reduction}) the average is summed in shards on the executors instead ({@link ShardedRound}), so the driver
 * receives the parameters once rather than once per partition; the model is the same bit for bit. After each epoch:
 * validation loss, best model, early stopping and, when asked ({@link #stoppingOnDivergence}), the divergence check.
 */
public final class DistributedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

    private final TrainingSettings settings;
    private final CheckpointSink checkpoints;
    private String dataDescription = "";
    private SegmentNames segmentNames = (partition, order) -> null;

    /** Names the series behind a partition's segment order number, for reports (null when unknown). */
    public interface SegmentNames {
        String name(int partition, int order);
    }
    private boolean foldValidation = true;
    private Reduction reduction = Reduction.AUTO;
    private DivergenceCheck divergence = DivergenceCheck.OFF;
    private long runStart;
    private int epochsThisRun;
    private final List<RoundTiming> roundTimings = new ArrayList<>();

    public DistributedTrainer(TrainingSettings settings, CheckpointSink checkpoints) {
        this.settings = settings;
        this.checkpoints = checkpoints;
    }

    /**
     * Describes what the run trains on (e.g. the effective data config and partitioning); it is stored in every
     * checkpoint, and resuming with a different description is refused.
     */
    public DistributedTrainer describingData(String description) {
        this.dataDescription = description;
        return this;
    }

    /** Fails the run as diverged past {@code factor} times the best score seen ({@link DivergenceCheck}); 0: no check, the default. */
    public DistributedTrainer stoppingOnDivergence(double factor) {
        this.divergence = DivergenceCheck.of(factor);
        return this;
    }

    /** How failure reports name the series of a partition's lanes. */
    public DistributedTrainer namingSegments(SegmentNames names) {
        this.segmentNames = names;
        return this;
    }

    /** Where each round's partition models are summed (default {@link Reduction#AUTO}); the model is the same either way. */
    public DistributedTrainer reducing(Reduction how) {
        this.reduction = how;
        return this;
    }

    /** Where the time of every round this trainer ran went, in round order (for benchmarks and logs). */
    public List<RoundTiming> roundTimings() {
        return List.copyOf(roundTimings);
    }

    /** Trains from the settings' initial model. {@code validation} may be null. */
    public TrainingProgress train(JavaRDD<WindowBlock> windows, JavaRDD<WindowBlock> validation) {
        TrainingProgress fresh = new TrainingProgress(ModelState.initial(settings));
        fresh.dataDescription = dataDescription;
        return resume(fresh, windows, validation);
    }

    /** Continues a run from saved progress until it finishes; the same inputs reach the same model as an uninterrupted run. */
    public TrainingProgress resume(TrainingProgress progress, JavaRDD<WindowBlock> windows, JavaRDD<WindowBlock> validation) {
        TrainingSettings saved = progress.checkpointSettings();
        if (saved != null && !saved.equals(settings)) {
            throw new IllegalArgumentException("the checkpoint was written with other training settings; resume with the same "
                    + "config (or train into a new checkpoint directory)");
        }
        if (!progress.dataDescription.equals(dataDescription)) {
            throw new IllegalArgumentException("the checkpoint was written for other data or partitioning; resume with the "
                    + "same data config, or train into a new checkpoint directory. Checkpoint: [" + progress.dataDescription
                    + "], now: [" + dataDescription + "]");
        }
        if (progress.carriedH != null && progress.carriedH.length != windows.getNumPartitions()) {
            throw new IllegalArgumentException("the checkpoint was written with " + progress.carriedH.length
                    + " partitions, the data now has " + windows.getNumPartitions() + "; resume with the same partitioning");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(windows.context());
        // the validation of an epoch rides on the next epoch's first round when both have the same partitions
        JavaRDD<TrainAndValidate.Streams> pairs = foldValidation && validation != null
                && validation.getNumPartitions() == windows.getNumPartitions() ? TrainAndValidate.pairs(windows, validation) : null;
        if (divergence.enabled() && !progress.finished) {
            measureUntrained(jsc, windows, validation);
        }
        runStart = System.nanoTime();
        epochsThisRun = 0;
        try {
            while (!progress.finished) {
                int timed = roundTimings.size();
                boolean epochDone = runRound(jsc, progress, windows, pairs, validation);
                if (epochDone) {
                    endEpoch(jsc, progress, validation, pairs != null);
                }
                long saveStart = System.nanoTime();
                checkpoints.save(progress, settings);
                long saveNanos = System.nanoTime() - saveStart;
                if (roundTimings.size() > timed) {
                    roundTimings.set(roundTimings.size() - 1, roundTimings.get(roundTimings.size() - 1).withCheckpoint(saveNanos));
                }
                LOG.debug("round {}: checkpoint handed over in {} ms", progress.rounds, saveNanos / 1_000_000);
            }
        } catch (RuntimeException | Error e) {
            try {
                checkpoints.flush(); // the last completed round's checkpoint still lands, for --resume
            } catch (RuntimeException f) {
                e.addSuppressed(f);
            }
            throw e;
        }
        checkpoints.flush();
        return progress;
    }

    /**
     * Validates every epoch in a job of its own. By default an epoch whose validation cannot end the run (it is not
     * the last, and early stopping cannot trigger on it) is validated in the job of the next epoch's first round: one
     * Spark job per epoch instead of two. The losses, the models and the history are the same either way (tested).
     */
    DistributedTrainer validatingInOwnJobs() {
        this.foldValidation = false;
        return this;
    }

    /**
     * Runs one sync round and folds its results into the progress; returns whether the epoch is over. When an epoch
     * awaits its validation loss, the round's job also validates the model it starts from (the one that epoch
     * ended with), and that epoch is closed before the round's results are averaged in.
     */
    private boolean runRound(JavaSparkContext jsc, TrainingProgress p, JavaRDD<WindowBlock> windows,
                             JavaRDD<TrainAndValidate.Streams> pairs, JavaRDD<WindowBlock> validation) {
        EpochRecord awaiting = p.awaitingValidation;
        if (awaiting != null && pairs == null) {
            validateInOwnJob(jsc, p, validation);
            if (p.finished) {
                return false;
            }
            awaiting = null;
        }
        long t0 = System.nanoTime();
        Broadcast<RoundInput> round = jsc.broadcast(new RoundInput(p.model, settings, p.nextWindow,
                settings.syncWindows(), p.carriedH, p.carriedC));
        long t1 = System.nanoTime();
        List<PartitionResult> results;
        ModelState averaged = null;
        if (reduction.sharded(windows.getNumPartitions())) {
            ShardedRound.Outcome o = awaiting != null
                    ? ShardedRound.run(pairs, new ShardedRound.EachPartition<>(new TrainAndValidate(round)), p.model)
                    : ShardedRound.run(windows, new ShardedRound.EachPartition<>(new PartitionTrainer(round)), p.model);
            results = o.results();
            averaged = o.averaged();
        } else {
            results = awaiting != null ? runOnEveryPartition(jsc, pairs, new TrainAndValidate(round))
                    : runOnEveryPartition(jsc, windows, new PartitionTrainer(round));
        }
        round.destroy();
        long slowest = 0;
        for (PartitionResult r : results) {
            slowest = Math.max(slowest, r.computeNanos + (r.validation == null ? 0 : (long) r.validation[PartitionEvaluator.NANOS]));
        }
        if (awaiting != null) {
            p.awaitingValidation = null;
            double[][] sums = results.stream().map(r -> r.validation).toArray(double[][]::new);
            closeEpoch(p, awaiting, sums, Validation.ALONGSIDE, Double.NaN);
            if (p.finished) { // endEpoch lets only an epoch that cannot end the run wait
                throw new IllegalStateException("epoch " + awaiting.epoch() + " was validated alongside round " + (p.rounds + 1)
                        + " but ended the run");
            }
        }
        RoundTotals totals = absorb(p, results, windows.getNumPartitions(), averaged);
        RoundTiming timing = new RoundTiming(t1 - t0, slowest, System.nanoTime() - t1 - slowest, 0, totals.windows);
        roundTimings.add(timing);
        LOG.info(String.format(Locale.ROOT, "round %d (epoch %d): train loss %.6f over %d windows; broadcast %.0f ms, "
                        + "compute %.0f ms (slowest partition%s), aggregate+average %.0f ms",
                p.rounds, p.epoch, totals.weightedLoss / Math.max(1, totals.validSteps), totals.windows,
                timing.broadcastNanos() / 1e6, timing.computeNanos() / 1e6,
                awaiting == null ? "" : ", validation of epoch " + awaiting.epoch() + " included", timing.restNanos() / 1e6));
        return settings.sync() == SyncMode.EPOCH || totals.allExhausted || totals.windows == 0;
    }

    /**
     * Closes the epoch awaiting validation with a validation job of its own: a checkpoint written while an epoch
     * awaited validation, resumed where validation cannot ride along (another partition count, or validation in own
     * jobs). Without validation data the epoch cannot be closed as the uninterrupted run closed it, so that is refused.
     */
    private void validateInOwnJob(JavaSparkContext jsc, TrainingProgress p, JavaRDD<WindowBlock> validation) {
        EpochRecord awaiting = p.awaitingValidation;
        if (validation == null) {
            throw new IllegalArgumentException("the checkpoint's epoch " + awaiting.epoch() + " still awaits its validation loss; "
                    + "resume with the validation data it was trained with");
        }
        p.awaitingValidation = null;
        long start = System.nanoTime();
        double[][] sums = ValidationSums.of(jsc, settings, p.model, validation);
        closeEpoch(p, awaiting, sums, Validation.OWN_JOB, (System.nanoTime() - start) / 1e6);
    }

    /**
     * One job of one task per partition, straight on {@code windows}; the results in partition order (Spark
     * files each under its partition index, whatever order the tasks finish in). Unlike
     * {@code mapPartitionsWithIndex(..).treeAggregate(..)}, this creates no RDD and hands the closure cleaner no
     * Scala lambda, whose enclosing class (RDD, JavaRDDLike) it would re-read from its jar with ASM every round.
     */
    private static <T> List<PartitionResult> runOnEveryPartition(JavaSparkContext jsc, JavaRDD<T> windows,
            scala.runtime.AbstractFunction2<org.apache.spark.TaskContext, scala.collection.Iterator<T>, PartitionResult> trainer) {
        PartitionResult[] results = (PartitionResult[]) jsc.sc().runJob(windows.rdd(), trainer,
                scala.reflect.ClassTag$.MODULE$.apply(PartitionResult.class));
        if (results.length != windows.getNumPartitions()) {
            throw new IllegalStateException(results.length + " results for " + windows.getNumPartitions() + " partitions");
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null || results[i].partition != i) {
                throw new IllegalStateException("result " + i + " is " + (results[i] == null ? "missing" : "partition " + results[i].partition));
            }
        }
        return Arrays.asList(results);
    }

    /** What one round added up to. */
    private static final class RoundTotals {
        long windows;
        long validSteps;
        double weightedLoss;
        boolean allExhausted = true;
    }

    /**
     * Reports failed partitions, averages the others into the model (or takes {@code averaged}, already reduced in
     * shards), and updates carried states and epoch sums.
     */
    private RoundTotals absorb(TrainingProgress p, List<PartitionResult> results, int partitions, ModelState averaged) {
        if (results.stream().allMatch(r -> r.failure != null)) {
            throw new TrainingDivergedException("every partition produced a non-finite loss or gradient in round "
                    + (p.rounds + 1) + " (epoch " + p.epoch + "): " + results.get(0).failure
                    + "; lower the learning rate or enable gradient clipping");
        }
        RoundTotals totals = new RoundTotals();
        p.carriedH = new float[partitions][];
        p.carriedC = new float[partitions][];
        for (PartitionResult r : results) {
            if (r.failure != null) {
                r.failure += seriesOf(r);
                LOG.warn("round {}: {} — left out of the average; its lanes restart from zero state next round",
                        p.rounds + 1, r.failure);
                p.failures.add("round " + (p.rounds + 1) + ": " + r.failure);
                continue;
            }
            totals.allExhausted &= r.exhausted;
            totals.windows += r.windows;
            totals.validSteps += r.validSteps;
            totals.weightedLoss += r.weightedLoss;
            p.carriedH[r.partition] = r.carriedH;
            p.carriedC[r.partition] = r.carriedC;
        }
        if (results.stream().map(r -> r.kernel).distinct().count() > 1) {
            LOG.warn("round {}: executors used different GEMM kernels {}; models are then not bit-identical across runs "
                    + "(install the same BLAS everywhere, or set -Dsparkcast.gemm on every executor)", p.rounds + 1,
                    results.stream().map(r -> "partition " + r.partition + ": " + r.kernel).toList());
        }
        p.model = averaged != null ? averaged : ParameterAverager.average(results, p.model);
        p.epochWeightedLoss += totals.weightedLoss;
        p.epochValidSteps += totals.validSteps;
        p.epochWindows += totals.windows;
        p.rounds++;
        p.nextWindow += settings.syncWindows();
        return totals;
    }

    /** " (series: ...)" naming the series of the failed window's lanes, or "" when they cannot be named. */
    private String seriesOf(PartitionResult r) {
        if (r.failedSegments == null) {
            return "";
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (int order : r.failedSegments) {
            String name = order < 0 ? null : segmentNames.name(r.partition, order);
            if (name != null) {
                names.add(name);
            }
        }
        return names.isEmpty() ? "" : " (series: " + String.join(", ", names) + ")";
    }

    /**
     * Ends the epoch whose training just finished. It waits for the next round's job to validate it only when that
     * validation cannot end the run: not the last epoch, and early stopping cannot trigger on it (else the round
     * trained alongside would be wasted). Otherwise — or without validation data, or when validation cannot ride
     * along — it is closed now, validated in a job of its own.
     */
    private void endEpoch(JavaSparkContext jsc, TrainingProgress p, JavaRDD<WindowBlock> validation, boolean alongside) {
        EpochRecord trained = new EpochRecord(p.epoch, p.epochWeightedLoss / Math.max(1, p.epochValidSteps), Double.NaN, p.epochWindows);
        p.epoch++;
        p.nextWindow = 0;
        p.carriedH = null;
        p.carriedC = null;
        p.epochWeightedLoss = 0;
        p.epochValidSteps = 0;
        p.epochWindows = 0;
        boolean cannotStop = settings.patience() == 0 || p.epochsSinceBest + 1 < settings.patience();
        if (validation != null && alongside && trained.epoch() < settings.epochs() && cannotStop) {
            p.awaitingValidation = trained;
            return;
        }
        long start = System.nanoTime();
        double[][] sums = validation == null ? null : ValidationSums.of(jsc, settings, p.model, validation);
        closeEpoch(p, trained, sums, validation == null ? Validation.NONE : Validation.OWN_JOB, (System.nanoTime() - start) / 1e6);
    }

    /** How an epoch got its validation loss. */
    private enum Validation { NONE, OWN_JOB, ALONGSIDE }

    /**
     * Records an epoch with the validation loss of its partitions' {@link PartitionEvaluator} {@code sums} (null without
     * validation data), keeps the best model (the current one), and decides whether the run stops.
     */
    private void closeEpoch(TrainingProgress p, EpochRecord trained, double[][] sums, Validation how, double validationMs) {
        double validationLoss = sums == null ? Double.NaN : ValidationSums.meanLoss(sums);
        p.history.add(new EpochRecord(trained.epoch(), trained.trainLoss(), validationLoss, trained.windows()));
        epochsThisRun++;
        double elapsed = (System.nanoTime() - runStart) / 1e9;
        double eta = elapsed / epochsThisRun * (settings.epochs() - trained.epoch());
        String detail = switch (how) {
            case NONE -> "no validation data";
            case ALONGSIDE -> String.format(Locale.ROOT, "validated alongside the next round, slowest partition %.0f ms", ValidationSums.slowestMs(sums));
            case OWN_JOB -> String.format(Locale.ROOT, "validation job %.0f ms, slowest partition %.0f ms", validationMs, ValidationSums.slowestMs(sums));
        };
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d: train loss %.6f, validation loss %.6f (%s), %d windows; %.0f s elapsed, "
                + "ETA %.0f s (all epochs; early stopping may end sooner)", trained.epoch(), settings.epochs(), trained.trainLoss(),
                validationLoss, detail, trained.windows(), elapsed, eta));
        if (how != Validation.NONE && Double.isNaN(validationLoss)) {
            LOG.warn("epoch {}: the validation data holds no valid step; the best model and early stopping use the "
                    + "training loss instead (check the validation split)", trained.epoch());
        }
        double score = Double.isNaN(validationLoss) ? trained.trainLoss() : validationLoss;
        divergence.check(p, trained.epoch(), score, Double.isNaN(validationLoss) ? "training" : "validation",
                settings.learningRate());
        if (score < p.bestValidationLoss) {
            p.bestValidationLoss = score;
            p.best = p.model;
            p.bestEpoch = trained.epoch();
            p.epochsSinceBest = 0;
        } else {
            p.epochsSinceBest++;
        }
        boolean stopEarly = settings.patience() > 0 && p.epochsSinceBest >= settings.patience();
        if (stopEarly) {
            LOG.info("early stopping after epoch {}: no better validation loss for {} epochs (best {} at epoch {})",
                    trained.epoch(), p.epochsSinceBest, p.bestValidationLoss, p.bestEpoch);
        }
        p.finished = stopEarly || trained.epoch() >= settings.epochs();
    }

    /**
     * The loss of the seeded initial model on the validation windows (on the training windows without validation data or
     * without a valid validation step), as epochs are scored.
     */
    private void measureUntrained(JavaSparkContext jsc, JavaRDD<WindowBlock> windows, JavaRDD<WindowBlock> validation) {
        ModelState initial = ModelState.initial(settings);
        double loss = validation == null ? Double.NaN : validate(jsc, initial, validation);
        String on = "validation";
        if (Double.isNaN(loss)) {
            loss = validate(jsc, initial, windows);
            on = "training";
        }
        LOG.info(divergence.untrained(loss, on));
    }

    /** Mean validation loss per valid step of {@code model} over the validation windows, summed in partition order. */
    public double validate(JavaSparkContext jsc, ModelState model, JavaRDD<WindowBlock> validation) {
        return ValidationSums.meanLoss(ValidationSums.of(jsc, settings, model, validation));
    }
}
