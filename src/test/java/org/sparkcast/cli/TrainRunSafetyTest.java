package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.LogCapture;
import org.sparkcast.train.RunLock;

/**
 * {@code train} and the checkpoint directory (real local Spark, a tiny synthetic run): it keeps the user's files,
 * runs one at a time, takes over the lock of a run that is gone, and refuses to resume from corrupt checkpoints.
 */
class TrainRunSafetyTest {
    @TempDir
    Path tmp;

    /** What a command printed on standard error and its exit code. */
    private record Outcome(int code, String err) {
    }

    private Outcome train(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--set", "train.epochs=1", "--set", "train.hidden=4",
                "--set", "train.master=local[1]", "--set", "train.synthetic.lanes=2", "--set", "train.synthetic.steps=48",
                "--set", "train.synthetic.window=12", "--set", "train.checkpoint-dir=" + ckpt(), "--set", "train.model-dir=" + tmp.resolve("model")));
        args.addAll(List.of(extra));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(Main.run(args.toArray(new String[0])), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    private Path ckpt() {
        return tmp.resolve("ckpt");
    }

    private Path lockFile() {
        return ckpt().resolve(RunLock.FILE);
    }

    /** A lock file naming process {@code pid} of this host, as that process's run wrote it. */
    private void lockHeldBy(long pid) throws Exception {
        Files.createDirectories(ckpt());
        Files.write(lockFile(), List.of("user=someone", "host=" + RunLock.thisHost(), "pid=" + pid,
                "start=2026-12-01T10:00:00Z", "command=sparkcast train --fresh"));
    }

    private List<String> checkpoints() throws Exception {
        try (Stream<Path> files = Files.list(ckpt())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).sorted().toList();
        }
    }

    @Test
    void trainAndFreshKeepTheUsersFilesAndFoldersInTheCheckpointDirectory() throws Exception {
        Files.createDirectories(ckpt().resolve("by-hand"));
        Files.writeString(ckpt().resolve("notes.txt"), "lr 0.01 diverged");
        Files.writeString(ckpt().resolve("by-hand/round-00000001.ckpt"), "a copy kept in a folder");
        assertEquals(0, train().code());
        assertFalse(checkpoints().isEmpty());
        Outcome again = train();
        assertEquals(ExitCode.BAD_INPUT.code(), again.code(), again.err());
        assertTrue(again.err().contains("holds checkpoints of an earlier run: continue it with --resume, or start over with --fresh"),
                again.err());
        assertEquals(0, train("--fresh").code());
        assertEquals("lr 0.01 diverged", Files.readString(ckpt().resolve("notes.txt")));
        assertEquals("a copy kept in a folder", Files.readString(ckpt().resolve("by-hand/round-00000001.ckpt")));
        assertFalse(Files.exists(lockFile()), "the run left its lock");
    }

    @Test
    void secondRunIsRefusedWhileALiveProcessHoldsTheLock() throws Exception {
        Process holder = new ProcessBuilder("sleep", "300").start();
        try {
            lockHeldBy(holder.pid());
            byte[] held = Files.readAllBytes(lockFile());
            Outcome refused = train("--fresh");
            assertEquals(ExitCode.BAD_INPUT.code(), refused.code(), refused.err());
            assertEquals("sparkcast train: checkpoint directory " + ckpt() + " is in use by another run: someone@" + RunLock.thisHost()
                    + " pid " + holder.pid() + " since 2026-12-01T10:00:00Z (sparkcast train --fresh); wait for it to end or, if that "
                    + "process is gone, delete " + lockFile() + "\n", refused.err());
            assertEquals(new String(held, StandardCharsets.UTF_8), Files.readString(lockFile()), "the holder's lock was touched");
            assertEquals(List.of(), checkpoints(), "the refused run wrote checkpoints");
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void lockOfADeadProcessOnThisHostIsTakenOverWithAWarning() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        lockHeldBy(ended.pid());
        try (LogCapture log = LogCapture.of(RunLock.class)) {
            Outcome run = train("--fresh");
            assertEquals(0, run.code(), run.err());
            assertEquals(1, log.at("WARN").size(), log.at("WARN").toString());
            assertEquals("WARN took over the lock " + lockFile() + " left by a run that is gone: someone@" + RunLock.thisHost() + " pid "
                    + ended.pid() + " since 2026-12-01T10:00:00Z (sparkcast train --fresh)",
                    log.at("WARN").get(0));
        }
        assertFalse(Files.exists(lockFile()), "the run left its lock");
        assertFalse(checkpoints().isEmpty());
    }

    @Test
    void resumeIsRefusedWhenNoCheckpointIsIntact() throws Exception {
        assertEquals(0, train("--set", "train.epochs=2").code()); // one checkpoint an epoch: two to corrupt
        List<String> names = checkpoints();
        assertEquals(2, names.size(), names.toString());
        for (String name : names) {
            byte[] bytes = Files.readAllBytes(ckpt().resolve(name));
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(ckpt().resolve(name), bytes);
        }
        Outcome refused = train("--set", "train.epochs=2", "--resume");
        assertEquals(ExitCode.BAD_INPUT.code(), refused.code(), refused.err());
        assertTrue(refused.err().startsWith("sparkcast train: no intact checkpoint in " + ckpt() + " to resume from: "
                + names.get(1) + " (checksum mismatch (CRC32C stored "), refused.err());
        assertTrue(refused.err().contains(", " + names.get(0) + " (checksum mismatch"), refused.err());
        assertTrue(refused.err().endsWith("; start over with --fresh (deletes them)\n"), refused.err());
        assertFalse(Files.exists(lockFile()), "a refused run left its lock");
    }

    @Test
    void checkpointAndModelDirectoriesThatOverlapAreRefused() throws Exception {
        for (Path model : List.of(ckpt(), ckpt().resolve("model"), ckpt().resolve("a/../model"))) {
            Outcome refused = train("--set", "train.model-dir=" + model);
            assertEquals(ExitCode.BAD_INPUT.code(), refused.code(), refused.err());
            assertTrue(refused.err().startsWith("sparkcast train: train.checkpoint-dir (" + ckpt() + ") "
                    + (model.equals(ckpt()) ? "is the same folder as" : "contains") + " train.model-dir (" + model
                    + "): a run would delete or overwrite one with the other"), refused.err());
            assertFalse(Files.exists(model), "a refused run wrote " + model);
        }
        Outcome outside = train("--set", "train.model-dir=" + tmp.resolve("ckpt-model")); // a name that starts alike is apart
        assertEquals(0, outside.code(), outside.err());
    }
}
