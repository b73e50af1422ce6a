package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.ParameterLayout;
import org.sparkcast.model.ModelDirectory;
import org.sparkcast.model.SavedModel;

/**
 * {@code sparkcast model list|show|promote} on real model directories, its usage errors (exit 2) and unknown versions
 * (exit 3); and {@code forecast} refusing a damaged model with exit 3 and one line naming the file.
 */
class ModelVersionsCommandTest {
    private static final NetworkSpec SPEC = new NetworkSpec(CellType.GRU, 1, 2, 1, Directionality.UNIDIRECTIONAL, 1,
            LossKind.MSE_ALL_STEPS);

    @TempDir
    Path tmp;

    private String dir() {
        return tmp.resolve("model").toString();
    }

    private String write(float value, int epoch, double loss) throws IOException {
        float[] params = new float[new ParameterLayout(SPEC).size()];
        Arrays.fill(params, value);
        return ModelDirectory.write(new SavedModel(SPEC, params, Map.of("best_epoch", epoch, "best_validation_loss", loss,
                "config", Map.of("train.seed", "1"), "data", Map.of("config", Map.of("data.name", "tiny")))), dir(), new Configuration());
    }

    /** Runs the command line; returns {exit code, stdout, stderr}. */
    private static String[] run(String... args) {
        Console c = Console.run(args);
        return new String[] {Integer.toString(c.code()), c.out(), c.err()};
    }

    @Test
    void listMarksTheCurrentVersionAndPromoteSwitchesIt() throws IOException {
        String first = write(1f, 4, 0.0123456);
        String second = write(2f, 7, 0.5);
        String[] r = run("model", "list", "--model-dir", dir());
        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        assertTrue(lines.get(0).matches("  VERSION +CREATED \\(UTC\\) +BEST EPOCH +VALIDATION LOSS +DATA +FINGERPRINT"), lines.get(0));
        assertTrue(lines.get(1).matches("  " + first + "  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +4 +0.012346  tiny +[0-9a-f]{8}"), lines.get(1));
        assertTrue(lines.get(2).startsWith("* " + second + "  "), lines.get(2));
        assertEquals(lines.get(1).indexOf("tiny"), lines.get(2).indexOf("tiny"), "columns aligned:\n" + r[1]);

        r = run("model", "promote", first, "--model-dir", dir());
        assertEquals("0", r[0], r[2]);
        assertEquals("current version of " + dir() + ": " + first + " (was " + second + ")", r[1].trim());
        assertEquals(first, Files.readString(tmp.resolve("model/CURRENT")).trim());
        assertTrue(run("model", "list", "--model-dir", dir())[1].lines().anyMatch(l -> l.startsWith("* " + first)));

        r = run("model", "show", second, "--set", "train.model-dir=" + dir());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("version " + second + "\n"), r[1]);
        assertTrue(r[1].contains("best epoch 7, validation loss 0.500000") && r[1].contains("network: GRU, 1 inputs, 2 hidden")
                && r[1].contains("params.bin: intact"), r[1]);
        assertTrue(run("model", "show", "--model-dir", dir())[1].startsWith("version " + first + " (current)"));
    }

    @Test
    void usageMistakesExitTwoAndAnUnknownVersionExitsThreeWithOneLine() throws IOException {
        String only = write(1f, 1, 0.1);
        String[][] mistakes = {{"model"}, {"model", "frobnicate"}, {"model", "promote"}, {"model", "list", "extra"},
            {"model", "show", "a", "b"}, {"model", "list", "--bogus"}, {"model", "list", "--model-dir"}};
        for (String[] args : mistakes) {
            assertEquals(Integer.toString(ExitCode.USAGE.code()), run(args)[0], String.join(" ", args));
        }
        String[] r = run("model", "promote", "20200101T000000Z-000000", "--model-dir", dir());
        assertEquals(Integer.toString(ExitCode.BAD_INPUT.code()), r[0]);
        assertEquals("sparkcast model: no version '20200101T000000Z-000000' in " + dir() + " (versions: " + only + ")\n", r[2]);
        r = run("model", "list", "--model-dir", tmp.resolve("nowhere").toString());
        assertEquals(Integer.toString(ExitCode.BAD_INPUT.code()), r[0]);
        assertEquals("sparkcast model: " + tmp.resolve("nowhere") + " is not a Sparkcast model directory (it does not exist)\n", r[2]);
    }

    @Test
    void forecastRefusesADamagedModelWithExitThreeAndOneLineNamingTheFile() throws IOException {
        String name = write(1f, 1, 0.1);
        Path params = tmp.resolve("model/versions/" + name + "/params.bin");
        byte[] bytes = Files.readAllBytes(params);
        bytes[0] ^= 1;
        Files.write(params, bytes);
        String[] r = run("forecast", "--model", dir());
        assertEquals(Integer.toString(ExitCode.BAD_INPUT.code()), r[0], r[2]);
        List<String> lines = r[2].lines().filter(l -> l.startsWith("sparkcast")).toList();
        assertEquals(1, lines.size(), r[2]);
        assertTrue(lines.get(0).matches("sparkcast forecast: " + params
                + ": checksum mismatch \\(expected [0-9a-f]{8}, found [0-9a-f]{8}\\): the file is damaged; promote another version or retrain"),
                lines.get(0));

        String manifest = Files.readString(params.resolveSibling("manifest.json"));
        Files.writeString(params.resolveSibling("manifest.json"), manifest.replaceFirst("\"network\"", "\"netwerk\""));
        r = run("evaluate", "--model", dir());
        assertEquals(Integer.toString(ExitCode.BAD_INPUT.code()), r[0], r[2]);
        assertEquals(List.of("sparkcast evaluate: " + params.resolveSibling("manifest.json") + ": field 'network' is missing"),
                r[2].lines().filter(l -> l.startsWith("sparkcast")).toList());
    }
}
