package org.sparkcast.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver JVM is killed (SIGKILL) in the middle of a run; {@code train --resume} continues from the newest
 * checkpoint and writes the same model, byte for byte, as a run that was never interrupted. The killed run
 * leaves no model directory behind.
 */
class DriverCrashResumeIT {
    private static final String[] CONFIG = {"train", "--config", "conf/local.properties", "--set", "train.sync=windows",
        "--set", "train.sync-windows=4", "--set", "train.epochs=6", "--set", "train.patience=0",
        "--set", "train.master=local[2]"};

    @Test
    void killedDriverResumesToTheUninterruptedModel(@TempDir Path tmp) throws Exception {
        Processes.run(Processes.sparkcast("generate", "--out", tmp.resolve("generated").toString(), "--series", "4",
                "--steps", "600"), tmp.resolve("generate.log"), 300);
        Processes.run(Processes.sparkcast(with(CONFIG, tmp, "straight")), tmp.resolve("straight.log"), 300);

        Path ckpt = tmp.resolve("ckpt-crash");
        Process victim = Processes.start(Processes.sparkcast(with(CONFIG, tmp, "crash")), tmp.resolve("crash.log"));
        Path marker = ckpt.resolve("round-00000006.ckpt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(marker) && victim.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(victim.isAlive(), "the run ended before it could be killed:\n" + Processes.tail(tmp.resolve("crash.log")));
        victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no cleanup
        assertFalse(Files.exists(tmp.resolve("model-crash")), "a killed run must not leave a model");

        List<String> resume = new ArrayList<>(List.of(with(CONFIG, tmp, "crash")));
        resume.add("--resume");
        Processes.run(Processes.sparkcast(resume.toArray(new String[0])), tmp.resolve("resume.log"), 300);
        assertTrue(Files.readString(tmp.resolve("resume.log")).contains("written to"), Processes.tail(tmp.resolve("resume.log")));
        assertArrayEquals(Processes.currentParams(tmp.resolve("model-straight")),
                Processes.currentParams(tmp.resolve("model-crash")), "resumed model differs from the uninterrupted one");
    }

    private static String[] with(String[] base, Path tmp, String name) {
        List<String> args = new ArrayList<>(List.of(base));
        args.addAll(List.of("--set", "data.paths=" + tmp.resolve("generated") + "/*.csv",
                "--set", "data.output=" + tmp.resolve("out-" + name), "--set", "train.model-dir=" + tmp.resolve("model-" + name),
                "--set", "train.checkpoint-dir=" + tmp.resolve("ckpt-" + name)));
        return args.toArray(new String[0]);
    }
}
