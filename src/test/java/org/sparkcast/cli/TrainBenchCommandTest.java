package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench-train --data on a hand-written dataset (real Spark, local mode): every run trains each layout's windows every epoch. */
class TrainBenchCommandTest {
    @TempDir
    Path dir;

    /** The JSON lines a command prints, after checking that it exits 0. */
    private static List<JsonNode> jsonLines(String... args) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK.code(), code, printed);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : printed.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        return lines;
    }

    /** Series {@code id} with {@code rows} hourly rows and no gaps. */
    private void series(String id, int rows) throws IOException {
        List<String> lines = new ArrayList<>(List.of("id,time,y"));
        for (int t = 0; t < rows; t++) {
            lines.add(String.format("%s,2020-01-%02d %02d:00,%d", id, 1 + t / 24, t % 24, (t * 7 + id.charAt(0)) % 11));
        }
        Files.write(dir.resolve(id + ".csv"), lines);
    }

    private Path config() throws IOException {
        Path file = dir.resolve("tiny.properties");
        Files.write(file, List.of("data.name=tiny", "data.paths=" + dir.resolve("*.csv"), "data.output=" + dir.resolve("out"),
                "data.series.columns=id", "data.time.columns=time", "data.time.pattern=yyyy-MM-dd HH:mm", "data.columns.targets=y",
                "data.split.train=1.0", "data.split.validation=0", "data.scaling=none", "data.window.steps=4", "data.window.lanes=2",
                "train.hidden=4", "train.epochs=2", "train.patience=0"));
        return file;
    }

    @Test
    void dataModeTrainsEveryWindowOfEachLayoutInEveryEpoch() throws IOException {
        // a segment of L rows gives L - 1 (input, next target) pairs, so in windows of k = 4 steps:
        // c (17 rows) fills 4 windows, a and b (9 rows) 2 each, d (5 rows) 1
        series("a", 9);
        series("b", 9);
        series("c", 17);
        series("d", 5);
        // 1 partition of 2 lanes: lane 0 takes c (windows 0-3), lane 1 a then b (windows 0-1, 2-3), then lane 0 d (window 4)
        // 2 partitions, longest segment first to the least loaded: c, d -> partition 0 (4 windows); a, b -> partition 1 (2)
        List<Path> before = windowDirectories();
        List<JsonNode> lines = jsonLines("bench-train", "--data", "--config", config().toString(), "--repeats", "1", "--warmup", "0",
                "--cores", "2");

        assertEquals(3, lines.size(), lines.toString());
        String[] runs = {"engine", "spark local[1]", "spark local[2]"};
        String[] layouts = {"[5]", "[5]", "[4,2]"};
        long[] trained = {5 * 2, 5 * 2, (4 + 2) * 2};
        for (int i = 0; i < 3; i++) {
            JsonNode line = lines.get(i);
            assertEquals(runs[i], line.get("run").asText(), line.toString());
            assertEquals("tiny", line.get("data").asText(), line.toString());
            assertEquals(layouts[i], line.get("windows_per_partition_epoch").toString(), runs[i] + ": windows per partition");
            assertEquals(trained[i], line.get("windows_per_run").asLong(), runs[i] + ": windows trained in 2 epochs");
            assertTrue(line.get("windows_per_s").asDouble() > 0, line.toString());
            assertEquals(i == 0, line.get("ratio") == null, runs[i] + ": a ratio on Spark lines only");
        }
        assertTrue(lines.get(1).get("ratio").asDouble() > 0 && lines.get(2).get("ratio").asDouble() > 0, lines.toString());
        assertEquals(2, lines.get(2).get("partitions").asInt());
        assertEquals(before, windowDirectories(), "the temporary window files are deleted");
    }

    private static List<Path> windowDirectories() throws IOException {
        try (var paths = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return paths.filter(p -> p.getFileName().toString().startsWith("sparkcast-bench-windows")).sorted().toList();
        }
    }

    @Test
    void dataThatCannotBePreparedFailsAsBadInputAndLeavesNoWindowFiles() throws IOException {
        List<Path> before = windowDirectories();
        // no CSV file in the directory: the pipeline fails after the temporary directory was made
        assertEquals(ExitCode.BAD_INPUT.code(), Main.run(new String[] {"bench-train", "--data", "--config", config().toString(),
            "--repeats", "1", "--warmup", "0"}));
        assertEquals(before, windowDirectories(), "the temporary window files are deleted on failure");
    }

    @Test
    void dataModeNeedsAConfigThatDescribesADataset() {
        assertEquals(ExitCode.USAGE.code(), Main.run(new String[] {"bench-train", "--data", "--set", "train.epochs=1"}));
    }
}
