package org.sparkcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's workflow as separate processes, as the README gives it: generate, train, forecast (twice for the
 * same as-of time: replaced, not duplicated), evaluate, and the cron script — its lock against an overlapping
 * run and its exit code and log for bad input.
 */
class ForecastWorkflowIT {
    @Test
    void generateTrainForecastEvaluateAndTheScheduledScript(@TempDir Path tmp) throws Exception {
        Processes.run(Processes.sparkcast("generate", "--out", tmp.resolve("generated").toString(), "--series", "3",
                "--steps", "900"), tmp.resolve("generate.log"), 300);
        List<String> common = List.of("--config", "conf/local.properties",
                "--set", "data.paths=" + tmp.resolve("generated") + "/*.csv", "--set", "data.output=" + tmp.resolve("data-out"),
                "--set", "train.model-dir=" + tmp.resolve("model"), "--set", "train.checkpoint-dir=" + tmp.resolve("ckpt"),
                "--set", "train.epochs=2", "--set", "forecast.output=" + tmp.resolve("forecasts"),
                "--set", "evaluate.output=" + tmp.resolve("evaluation"));
        Processes.run(command("train", common, "--fresh"), tmp.resolve("train.log"), 600);
        String version = Files.readString(tmp.resolve("model/CURRENT")).trim();
        assertTrue(Files.exists(tmp.resolve("model/versions/" + version + "/manifest.json")), version);

        Processes.run(command("forecast", common, "--horizon", "12", "--format", "csv"), tmp.resolve("forecast1.log"), 300);
        Processes.run(command("forecast", common, "--horizon", "6", "--format", "csv"), tmp.resolve("forecast2.log"), 300);
        List<Path> folders = list(tmp.resolve("forecasts"));
        assertEquals(1, folders.size(), "one folder per as-of time, replaced by the re-run: " + folders);
        long rows = 0;
        for (Path p : list(folders.get(0))) {
            if (p.getFileName().toString().endsWith(".csv")) {
                rows += Files.readAllLines(p).size() - 1;
            }
        }
        assertEquals(3 * 6, rows, "3 series x 6 steps of the re-run");
        assertTrue(Files.readString(tmp.resolve("forecast2.log")).contains("forecast as of 2020-02-07T11:00:00Z: 3 series x 6 steps"),
                Processes.tail(tmp.resolve("forecast2.log")));

        Processes.run(command("evaluate", common, "--horizon", "12", "--stride", "12"), tmp.resolve("evaluate.log"), 300);
        assertTrue(Files.readString(tmp.resolve("evaluation/report.html")).contains("<canvas"));
        assertTrue(Files.readString(tmp.resolve("evaluation/metrics.json")).contains("\"relative_mae_seasonal_naive\""));

        // the cron script: a run while another holds the lock does nothing and exits 75
        Path lock = tmp.resolve("forecast.lock");
        // -o: the lock belongs to flock itself (not to sleep), so destroying flock releases it
        Process holder = new ProcessBuilder("flock", "-o", lock.toString(), "sleep", "60").start();
        try {
            waitForLock(lock);
            List<String> scheduled = new ArrayList<>(List.of("bash", Processes.script("scheduled-forecast.sh")));
            scheduled.addAll(common);
            Process p = scheduledProcess(scheduled, tmp, lock, "locked.out");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(75, p.exitValue(), Processes.tail(tmp.resolve("locked.out")));
            assertTrue(Files.readString(tmp.resolve("locked.out")).contains("another run holds"));
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        // ... and a run with bad input exits 3 with the one-line reason in its log and summary, writing nothing
        List<String> bad = new ArrayList<>(List.of("bash", Processes.script("scheduled-forecast.sh")));
        bad.addAll(common);
        bad.addAll(List.of("--set", "data.columns.targets=nope", "--set", "forecast.output=" + tmp.resolve("bad-forecasts")));
        Process p = scheduledProcess(bad, tmp, lock, "bad.out");
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        String summary = Files.readString(tmp.resolve("bad.out"));
        assertEquals(3, p.exitValue(), summary);
        assertTrue(summary.contains("exit 3") && summary.contains("data.columns.targets: model 'y', data config 'nope'"), summary);
        assertFalse(Files.exists(tmp.resolve("bad-forecasts")));
        assertEquals(1, list(tmp.resolve("logs")).size(), "the locked run logs nothing, the bad run one file");
    }

    private static List<String> command(String name, List<String> common, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(name));
        args.addAll(common);
        args.addAll(List.of(more));
        return Processes.sparkcast(args.toArray(new String[0]));
    }

    private static Process scheduledProcess(List<String> cmd, Path tmp, Path lock, String out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Processes.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(out).toFile());
        pb.environment().put("SPARKCAST_LOCK", lock.toString());
        pb.environment().put("SPARKCAST_LOG_DIR", tmp.resolve("logs").toString());
        return pb.start();
    }

    /** Waits until another process holds {@code lock} (flock -n fails). */
    private static void waitForLock(Path lock) throws Exception {
        for (int i = 0; i < 100; i++) {
            Process probe = new ProcessBuilder("flock", "-n", lock.toString(), "true").start();
            probe.waitFor(5, TimeUnit.SECONDS);
            if (probe.exitValue() != 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the lock holder never took " + lock);
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
