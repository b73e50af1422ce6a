package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose loss explodes but stays finite (Adam at learning rate 100) is a failure: exit 4, one line, and the model
 * a good run wrote before is left byte for byte.
 */
class TrainDivergenceTest {
    @TempDir
    Path tmp;

    private String[] train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--fresh", "--set", "train.epochs=3", "--set", "train.hidden=4",
                "--set", "train.master=local[1]", "--set", "train.synthetic.lanes=2", "--set", "train.synthetic.steps=48",
                "--set", "train.synthetic.window=12", "--set", "train.checkpoint-dir=" + tmp.resolve("ckpt"),
                "--set", "train.model-dir=" + tmp.resolve("model")));
        for (String m : more) {
            args.addAll(List.of("--set", m));
        }
        return args.toArray(new String[0]);
    }

    /** Every file under {@code dir} (relative path to its bytes). */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                all.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return all;
    }

    private static String stderrOf(String[] args, int expectedExit) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run(args);
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, text);
        return text;
    }

    @Test
    void adamAtLearningRate100ExitsFourAndLeavesTheModelUntouched() throws IOException {
        assertEquals(ExitCode.OK.code(), Main.run(train()));
        Map<String, byte[]> before = files(tmp.resolve("model"));
        assertFalse(before.isEmpty());

        String err = stderrOf(train("train.learning-rate=100"), ExitCode.DIVERGED.code());

        List<String> lines = err.lines().filter(l -> l.startsWith("sparkcast ")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).matches("sparkcast train: training diverged: epoch 1: validation loss [0-9.]+ is more than 10 times "
                + "the best seen \\([0-9.]+, before training\\); lower train.learning-rate \\(now 100.0\\) or raise "
                + "train.divergence-factor; no model was written"), lines.get(0));
        Map<String, byte[]> after = files(tmp.resolve("model"));
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, after.get(name)), name + " changed"));
    }

    @Test
    void divergenceFactorOffLetsTheSameRunFinish() {
        assertEquals(ExitCode.OK.code(), Main.run(train("train.learning-rate=100", "train.divergence-factor=off")));
    }
}
