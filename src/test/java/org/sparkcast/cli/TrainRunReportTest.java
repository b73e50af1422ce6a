package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} writes the run report {@code prepare} writes, windows of every split included (real Spark, local mode). */
class TrainRunReportTest {
    @TempDir
    Path dir;

    private void series(String id, int rows) throws IOException {
        List<String> lines = new ArrayList<>(List.of("id,time,y"));
        for (int t = 0; t < rows; t++) {
            lines.add(String.format("%s,2020-01-%02d %02d:00,%d", id, 1 + t / 24, t % 24, (t * 7 + id.charAt(0)) % 11));
        }
        Files.createDirectories(dir.resolve("in"));
        Files.write(dir.resolve("in").resolve(id + ".csv"), lines);
    }

    private Path config(String output) throws IOException {
        Path file = dir.resolve(output + ".properties");
        Files.write(file, List.of("data.name=tiny", "data.paths=" + dir.resolve("in/*.csv"), "data.output=" + dir.resolve(output),
                "data.series.columns=id", "data.time.columns=time", "data.time.pattern=yyyy-MM-dd HH:mm", "data.columns.targets=y",
                "data.split.train=0.6", "data.split.validation=0.2", "data.scaling=none", "data.window.steps=4", "data.window.lanes=2",
                "train.hidden=4", "train.epochs=1", "train.master=local[1]", "train.checkpoint-dir=" + dir.resolve(output + "-ckpt"),
                "train.model-dir=" + dir.resolve(output + "-model")));
        return file;
    }

    @Test
    void trainWritesPreparesRunReportWithTheWindowsOfEverySplit() throws IOException {
        series("a", 60);
        series("b", 45);
        Console prepare = Console.run("prepare", "--config", config("prepared").toString(), "--master", "local[1]");
        assertEquals(ExitCode.OK.code(), prepare.code(), prepare.err());
        Console train = Console.run("train", "--fresh", "--config", config("trained").toString());
        assertEquals(ExitCode.OK.code(), train.code(), train.err());

        JsonNode prepared = new ObjectMapper().readTree(dir.resolve("prepared/run-report.json").toFile());
        JsonNode trained = new ObjectMapper().readTree(dir.resolve("trained/run-report.json").toFile());
        for (String split : new String[] {"train", "validation", "test"}) {
            JsonNode w = trained.path("windows").path(split);
            assertTrue(w.path("windows").asLong() > 0, split + " windows in " + trained);
            assertEquals(prepared.path("windows").path(split), w, split);
        }
        for (String section : new String[] {"rows", "steps", "series", "segments"}) {
            assertEquals(prepared.get(section), trained.get(section), section);
        }
    }
}
