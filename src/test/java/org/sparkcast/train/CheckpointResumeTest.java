package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.LogCapture;

/**
 * A run that crashes after a checkpoint and is resumed reaches the model of a run that never stopped — also when
 * the newest checkpoint is corrupt (it falls back to the one before); the store deletes only its own files.
 */
class CheckpointResumeTest {
    private static final SyntheticWindows SOURCE = new SyntheticWindows(4, 48, 8, 21);

    /** Saves like the store, then "crashes" the driver after round {@code crashAfter}. */
    static final class CrashAfter implements CheckpointSink {
        private final CheckpointStore store;
        private final long crashAfter;

        CrashAfter(CheckpointStore store, long crashAfter) {
            this.store = store;
            this.crashAfter = crashAfter;
        }

        @Override
        public void save(TrainingProgress progress, TrainingSettings settings) {
            store.save(progress, settings);
            if (progress.rounds() == crashAfter) {
                throw new IllegalStateException("simulated driver crash after round " + crashAfter);
            }
        }
    }

    @Test
    void resumedRunReachesTheUninterruptedModelBitForBit(@TempDir Path tmp) {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 3);
        TrainingProgress straight = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));

        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        // round 5 is in the middle of epoch 2 (3 rounds per epoch): carried lane state and partial sums matter
        assertThrows(IllegalStateException.class,
                () -> new DistributedTrainer(settings, new CrashAfter(store, 5)).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1)));
        TrainingProgress saved = store.latest().orElseThrow();
        assertEquals(5, saved.rounds());
        TrainingProgress resumed = new DistributedTrainer(settings, store).resume(saved, SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));

        DistributedTrainerTest.assertBitIdentical(straight.model().params(), resumed.model().params(), "resumed model");
        DistributedTrainerTest.assertBitIdentical(straight.best().params(), resumed.best().params(), "best model");
        assertEquals(straight.history().toString(), resumed.history().toString());
        String[] left = new File(tmp.toString()).list();
        Arrays.sort(left);
        assertTrue(Arrays.stream(left).noneMatch(n -> n.startsWith("_tmp-")), "temporary files left: " + Arrays.toString(left));
        assertEquals(CheckpointStore.KEEP, Arrays.stream(left).filter(n -> n.endsWith(".ckpt")).count(), Arrays.toString(left));
    }

    @Test
    void refusesToResumeWithOtherSettings(@TempDir Path tmp) throws Exception {
        JavaSparkContext jsc = LocalSpark.get();
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        new DistributedTrainer(TrainingFixtures.adam(SyncMode.EPOCH, 0, 1), store).train(SOURCE.rdd(jsc, 1), null);
        TrainingProgress saved = store.latest().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistributedTrainer(TrainingFixtures.adam(SyncMode.EPOCH, 0, 2), store).resume(saved, SOURCE.rdd(jsc, 1), null));
        assertTrue(e.getMessage().contains("other training settings"), e.getMessage());
        assertTrue(Files.list(tmp).count() >= 1);
    }

    @Test
    void refusesToResumeOnOtherDataAndFallsBackPastAnUnreadableNewestCheckpoint(@TempDir Path tmp) throws Exception {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 2);
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        new DistributedTrainer(settings, store).describingData("data A").train(SOURCE.rdd(jsc, 1), null);
        TrainingProgress saved = store.latest().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistributedTrainer(settings, store).describingData("data B").resume(saved, SOURCE.rdd(jsc, 1), null));
        assertTrue(e.getMessage().contains("other data or partitioning") && e.getMessage().contains("data A"), e.getMessage());

        // a machine crash can leave the newest checkpoint empty: resume reads the one before
        Path newest = Files.list(tmp).filter(p -> p.toString().endsWith(".ckpt")).sorted().reduce((a, b) -> b).orElseThrow();
        Files.write(newest, new byte[0]);
        assertEquals(1, store.latest().orElseThrow().rounds());
    }

    @Test
    void corruptedNewestCheckpointFallsBackToTheOneBeforeAndReachesTheUninterruptedModel(@TempDir Path tmp) throws Exception {
        JavaSparkContext jsc = LocalSpark.get();
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.WINDOWS, 2, 3);
        TrainingProgress straight = new DistributedTrainer(settings, CheckpointSink.NONE).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));
        Path crashed = tmp.resolve("crashed");
        CheckpointStore crashing = new CheckpointStore(crashed.toUri().toString(), new Configuration());
        assertThrows(IllegalStateException.class,
                () -> new DistributedTrainer(settings, new CrashAfter(crashing, 5)).train(SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1)));
        byte[] newest = Files.readAllBytes(crashed.resolve("round-00000005.ckpt"));
        float[] params = crashing.latest().orElseThrow().model().params();
        // the parameter vector: its length, then its values (the first one locates it)
        int count = ProgressCodecTest.indexOf(newest, ByteBuffer.allocate(8).putInt(params.length).putFloat(params[0]).array());
        int cell = ProgressCodecTest.indexOf(newest, "LSTM".getBytes(StandardCharsets.US_ASCII));

        Map<String, byte[]> corruptions = new LinkedHashMap<>();
        corruptions.put("bit-flip", newest.clone());
        corruptions.get("bit-flip")[count + 4 + 4 * (params.length / 2) + 2] ^= 0x04; // a mantissa bit mid-vector
        corruptions.put("header", newest.clone());
        corruptions.get("header")[cell + 3] = 'L'; // LSTM -> LSTL
        corruptions.put("length", newest.clone());
        ByteBuffer.wrap(corruptions.get("length"), count, 4).putInt(0x7ffffff0); // 8 GB of floats
        for (Map.Entry<String, byte[]> c : corruptions.entrySet()) {
            Path dir = Files.createDirectory(tmp.resolve(c.getKey()));
            Files.copy(crashed.resolve("round-00000004.ckpt"), dir.resolve("round-00000004.ckpt"));
            Files.write(dir.resolve("round-00000005.ckpt"), c.getValue());
            CheckpointStore store = new CheckpointStore(dir.toUri().toString(), new Configuration());
            TrainingProgress saved;
            try (LogCapture log = LogCapture.of(CheckpointStore.class)) {
                saved = store.latest().orElseThrow();
                assertEquals(1, log.at("WARN").size(), c.getKey() + ": " + log.at("WARN"));
                String warning = log.at("WARN").get(0);
                assertTrue(warning.contains(dir.resolve("round-00000005.ckpt").toString()) && warning.contains("checksum mismatch")
                        && warning.endsWith("trying the one before"), warning);
            }
            assertEquals(4, saved.rounds(), c.getKey());
            TrainingProgress resumed = new DistributedTrainer(settings, store).resume(saved, SOURCE.rdd(jsc, 2), SOURCE.rdd(jsc, 1));
            DistributedTrainerTest.assertBitIdentical(straight.model().params(), resumed.model().params(), c.getKey() + ": resumed model");
            DistributedTrainerTest.assertBitIdentical(straight.best().params(), resumed.best().params(), c.getKey() + ": best model");
            assertEquals(straight.history().toString(), resumed.history().toString(), c.getKey());
        }
    }

    @Test
    void refusesToResumeWhenNoCheckpointIsIntactNamingTheBadFiles(@TempDir Path tmp) throws Exception {
        CheckpointStore store = new CheckpointStore(tmp.toUri().toString(), new Configuration());
        TrainingSettings settings = TrainingFixtures.adam(SyncMode.EPOCH, 0, 1);
        TrainingProgress p = new TrainingProgress(ModelState.initial(settings));
        for (long round = 1; round <= 2; round++) {
            p.rounds = round;
            byte[] bytes = store.snapshot(p, settings);
            bytes[bytes.length / 2] ^= 0x01;
            store.write(round, bytes);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, store::latest);
        assertTrue(e.getMessage().startsWith("no intact checkpoint in " + new org.apache.hadoop.fs.Path(tmp.toUri().toString()) + " to resume from: "
                + "round-00000002.ckpt (checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("round-00000001.ckpt (checksum mismatch") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void clearAndPruningDeleteOnlyTheStoresOwnFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ckpt");
        Files.createDirectories(dir.resolve("notes-folder"));
        Files.createDirectories(dir.resolve("round-00000009.ckpt")); // a folder with a checkpoint's name stays a folder
        Files.writeString(dir.resolve("notes-folder/run.txt"), "kept");
        Files.writeString(dir.resolve("notes.txt"), "kept");
        Files.writeString(dir.resolve("round-00000001.ckpt.bak"), "a user's copy");
        Files.writeString(dir.resolve(RunLock.FILE), "pid=1");
        CheckpointStore store = new CheckpointStore(dir.toUri().toString(), new Configuration());
        for (long round = 1; round <= 4; round++) {
            store.write(round, new byte[] {(byte) round});
        }
        Files.writeString(dir.resolve("_tmp-round-00000005.ckpt"), "a crashed write");
        Files.writeString(dir.resolve(".round-00000004.ckpt.crc"), "a Hadoop checksum");
        Files.writeString(dir.resolve("._tmp-round-00000005.ckpt.crc"), "a Hadoop checksum");
        String foreign = "[_sparkcast.lock, notes-folder, notes.txt, round-00000001.ckpt.bak, round-00000009.ckpt]";
        assertEquals("[._tmp-round-00000005.ckpt.crc, .round-00000004.ckpt.crc, _sparkcast.lock, _tmp-round-00000005.ckpt, "
                + "notes-folder, notes.txt, round-00000001.ckpt.bak, round-00000003.ckpt, round-00000004.ckpt, round-00000009.ckpt]",
                names(dir), "pruning keeps the newest " + CheckpointStore.KEEP + " checkpoints and every other file");
        store.clear();
        assertEquals(foreign, names(dir));
        assertEquals("kept", Files.readString(dir.resolve("notes-folder/run.txt")));
        assertTrue(store.isEmpty());
    }

    private static String names(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList().toString();
        }
    }
}
