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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as a person sees it, in a separate JVM with the shipped log configuration: Ctrl-C during training
 * ends with one line and exit 130, keeping the epoch lines already printed (stdout redirected to a file) and the
 * checkpoints of finished rounds; a data error is the last line, after no stack trace of Spark's failed tasks.
 */
class RunSafetyIT {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void generate() throws Exception {
        Processes.run(Processes.sparkcast("generate", "--out", tmp.resolve("generated").toString(), "--series", "4",
                "--steps", "1200"), tmp.resolve("generate.log"), 300);
    }

    private static List<String> command(String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(name, "--config", "conf/local.properties",
                "--set", "data.paths=" + tmp.resolve("generated") + "/*.csv", "--set", "data.output=" + tmp.resolve("data-out"),
                "--set", "train.model-dir=" + tmp.resolve("model"), "--set", "train.checkpoint-dir=" + tmp.resolve("ckpt")));
        args.addAll(List.of(more));
        return Processes.sparkcast(args.toArray(new String[0]));
    }

    private static Process start(List<String> cmd, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Processes.ROOT.toFile())
                .redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    @Test
    void ctrlCStopsTrainingWithOneLineKeepingPrintedEpochsAndFinishedCheckpoints() throws Exception {
        Process train = start(command("train", "--fresh", "--set", "train.epochs=100000", "--set", "train.patience=0"), "train");
        Path out = tmp.resolve("train.out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (Files.readAllLines(out).size() < 2 && train.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(train.isAlive(), () -> "training ended early:\n" + Processes.tail(tmp.resolve("train.err")));
        new ProcessBuilder("kill", "-INT", Long.toString(train.pid())).start().waitFor();
        assertTrue(train.waitFor(120, TimeUnit.SECONDS), "stopped within 2 minutes of SIGINT");
        List<String> err = Files.readAllLines(tmp.resolve("train.err"));
        assertEquals(130, train.exitValue(), String.join("\n", err));
        String last = err.get(err.size() - 1);
        assertEquals("sparkcast train: stopped by SIGINT; the checkpoints of finished rounds are kept in " + tmp.resolve("ckpt")
                + " (continue with --resume); nothing else was written", last);
        assertTrue(err.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), String.join("\n", err));
        List<String> epochs = Files.readAllLines(out);
        assertTrue(epochs.size() >= 2 && epochs.stream().allMatch(l -> l.startsWith("epoch ")), epochs.toString());
        try (Stream<Path> files = Files.list(tmp.resolve("ckpt"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("round-\\d{8}\\.ckpt")), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.contains("_tmp")), "no half-written checkpoint: " + names);
            assertTrue(names.stream().noneMatch(n -> n.contains("lock")), "the run lock is released: " + names);
        }
        assertFalse(Files.exists(tmp.resolve("model")), "no model from a stopped run");
    }

    @Test
    void aDataErrorIsTheLastLineAfterNoStackTrace() throws Exception {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        try (Stream<Path> files = Files.list(tmp.resolve("generated"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".csv"))::iterator) {
                List<String> lines = new ArrayList<>(Files.readAllLines(f));
                if (bad.toFile().list().length == 0) {
                    String[] cells = lines.get(40).split(",", -1);
                    cells[2] = "abc";
                    lines.set(40, String.join(",", cells));
                }
                Files.write(bad.resolve(f.getFileName()), lines);
            }
        }
        Process train = start(command("train", "--fresh", "--set", "data.paths=" + bad + "/*.csv",
                "--set", "train.checkpoint-dir=" + tmp.resolve("bad-ckpt"), "--set", "train.model-dir=" + tmp.resolve("bad-model")),
                "bad");
        assertTrue(train.waitFor(300, TimeUnit.SECONDS));
        List<String> err = Files.readAllLines(tmp.resolve("bad.err"));
        assertEquals(3, train.exitValue(), String.join("\n", err));
        assertTrue(err.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception") || l.contains("TaskSetManager")),
                String.join("\n", err));
        String last = err.get(err.size() - 1);
        assertTrue(last.matches("sparkcast train: file \\S+\\.csv, line 41, column '[^']+', value 'abc', series '[^']+', "
                + "time \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\S+.*: unparsable number .*"), last);
    }
}
