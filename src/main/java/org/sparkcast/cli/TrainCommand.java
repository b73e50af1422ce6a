package org.sparkcast.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.SparkSessionFactory;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.model.ModelDirectory;
import org.sparkcast.model.SavedModel;
import org.sparkcast.train.BackgroundCheckpoints;
import org.sparkcast.train.CheckpointStore;
import org.sparkcast.train.DistributedTrainer;
import org.sparkcast.train.EpochRecord;
import org.sparkcast.train.HorizonWeighting;
import org.sparkcast.train.HorizonWeights;
import org.sparkcast.train.RunLock;
import org.sparkcast.train.TrainingConfig;
import org.sparkcast.train.TrainingKryoRegistrator;
import org.sparkcast.train.TrainingProgress;
import org.sparkcast.train.TrainingSettings;

/**
 * {@code sparkcast train [--config FILE] [--set key=value ...] [--resume]}: trains on Spark (the master
 * comes from spark-submit, else {@code spark.master}, else {@code train.master}), checkpoints after every
 * round, and writes the best model to {@code train.model-dir}.
 */
final class TrainCommand {
    static final String USAGE = "usage: sparkcast train [--config FILE] [--set key=value ...] [--resume | --fresh]\n"
            + "  --config FILE      a properties file (see conf/local.properties)\n"
            + "  --set key=value    override one key (repeatable)\n"
            + "  --resume           continue from the newest checkpoint in train.checkpoint-dir\n"
            + "  --fresh            start over, deleting the checkpoints in train.checkpoint-dir";

    private static final OptionParser OPTIONS = OptionParser.withConfig("train", USAGE).flags("--resume", "--fresh");

    int run(String[] args) {
        OptionParser.Parsed options = OPTIONS.parse(args);
        if (options.answered()) {
            return ExitCode.OK.code();
        }
        boolean resume = options.has("--resume");
        boolean fresh = options.has("--fresh");
        if (resume && fresh) {
            throw new UsageException("--resume and --fresh exclude each other");
        }
        Properties props = options.config();
        TrainingConfig cfg = TrainingConfig.fromProperties(props);
        DirectoryOverlap.refuseOverlaps(props, cfg.checkpointDir(), cfg.modelDir());
        DataConfig dataConfig = TrainingData.configured(props) ? DataConfig.fromProperties(props) : null;
        SparkSession session = SparkSessionFactory.create("sparkcast train", cfg.master(), sparkSettings(props));
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
            TrainingData data = dataConfig != null ? TrainingData.fromDataset(session, dataConfig,
                    cfg.objective() == org.sparkcast.train.Objective.DIRECT ? cfg.horizon() : 0) : TrainingData.synthetic(jsc, cfg);
            TrainingSettings settings = cfg.settingsFor(data.inputs, data.outputs);
            if (cfg.horizonWeighting() == HorizonWeighting.NAIVE) {
                HorizonLoss direct = settings.direct();
                float[] weights = HorizonWeights.fromNaiveErrors(data.train, direct);
                System.out.println(HorizonWeights.describe(weights, direct.horizon(), direct.targets()));
                settings = settings.withDirect(direct.withWeights(weights));
            }
            TrainingProgress progress = train(jsc, cfg, settings, data, resume, fresh);
            for (String f : progress.failures()) {
                System.out.println("left out: " + f);
            }
            Map<String, Object> meta = provenance(cfg, progress);
            meta.put("data", data.description);
            String version = ModelDirectory.write(new SavedModel(settings.network(), progress.best().params(), meta), cfg.modelDir(),
                    jsc.hadoopConfiguration(), cfg.keepVersions());
            System.out.printf(Locale.ROOT, "model version %s (best epoch %d, validation loss %.6f) written to %s, now current%n",
                    version, progress.bestEpoch(), progress.bestValidationLoss(), cfg.modelDir());
            data.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            session.stop();
        }
        return ExitCode.OK.code();
    }

    private static TrainingProgress train(JavaSparkContext jsc, TrainingConfig cfg, TrainingSettings settings,
                                          TrainingData data, boolean resume, boolean fresh) {
        String command = "sparkcast train" + (resume ? " --resume" : fresh ? " --fresh" : "") + ", model " + cfg.modelDir();
        // one run per checkpoint directory: taken before a checkpoint is read or deleted, released however the run ends
        try (RunLock lock = RunLock.acquire(cfg.checkpointDir(), jsc.hadoopConfiguration(), command)) {
            return trainHoldingLock(jsc, cfg, settings, data, resume, fresh, lock);
        }
    }

    private static TrainingProgress trainHoldingLock(JavaSparkContext jsc, TrainingConfig cfg, TrainingSettings settings,
                                                     TrainingData data, boolean resume, boolean fresh, RunLock lock) {
        CheckpointStore store = new CheckpointStore(cfg.checkpointDir(), jsc.hadoopConfiguration());
        TrainingProgress saved = null;
        if (resume) {
            saved = store.latest().orElseThrow(() -> new IllegalArgumentException(
                    "--resume: no checkpoint in " + cfg.checkpointDir()));
        } else if (!store.isEmpty() && !fresh) {
            throw new IllegalArgumentException(cfg.checkpointDir() + " holds checkpoints of an earlier run: continue it with "
                    + "--resume, or start over with --fresh (deletes them)");
        } else {
            store.clear(); // its own files only: whatever else the user keeps there stays
        }
        try (BackgroundCheckpoints checkpoints = store.inBackground()) {
            Interrupts.leaving("the checkpoints of finished rounds are kept in " + cfg.checkpointDir() + " (continue with --resume)",
                    () -> {
                        checkpoints.finishWrites(30);
                        lock.close(); // the JVM exits without running the finally that would release it
                    });
            EpochLines lines = new EpochLines(checkpoints);
            DistributedTrainer trainer = new DistributedTrainer(settings, lines)
                    .describingData(data.fingerprint + "; partitions=" + data.train.getNumPartitions())
                    .namingSegments((partition, order) -> data.segmentNames.get(partition + ":" + order))
                    .stoppingOnDivergence(cfg.divergenceFactor())
                    .reducing(cfg.reduction());
            TrainingProgress done = saved != null ? trainer.resume(saved, data.train, data.validation)
                    : trainer.train(data.train, data.validation);
            lines.printNew(done);
            return done;
        }
    }

    /** The config's {@code spark.*} keys, with the training Kryo registrator (which also registers the data classes). */
    static Map<String, String> sparkSettings(Properties props) {
        Map<String, String> spark = ConfigFiles.sparkPassthrough(props);
        spark.putIfAbsent("spark.kryo.registrator", TrainingKryoRegistrator.class.getName());
        return spark;
    }

    private static Map<String, Object> provenance(TrainingConfig cfg, TrainingProgress p) {
        Map<String, Object> t = new LinkedHashMap<>();
        Map<String, String> settings = new java.util.TreeMap<>();
        cfg.toProperties().forEach((k, v) -> settings.put((String) k, (String) v));
        t.put("config", settings);
        t.put("rounds", p.rounds());
        t.put("best_epoch", p.bestEpoch());
        t.put("best_validation_loss", p.bestValidationLoss());
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochRecord e : p.history()) {
            epochs.add(Map.of("epoch", e.epoch(), "train_loss", e.trainLoss(), "validation_loss", e.validationLoss(), "windows", e.windows()));
        }
        t.put("history", epochs);
        t.put("failures", p.failures());
        t.put("code_version", String.valueOf(TrainCommand.class.getPackage().getImplementationVersion()));
        return t;
    }
}
