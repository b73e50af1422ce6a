package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} refuses before it writes, and how a failure that is not Sparkcast's (a full disk, no memory)
 * reaches the user: exit 5 and one line naming the path, never exit 1 (a bug) or a trace.
 */
class RunSafetyTest {

    private static List<String> trainArgs(Path tmp, String checkpoints, String model, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--fresh", "--set", "train.epochs=2", "--set", "train.hidden=8",
                "--set", "train.master=local[1]", "--set", "train.synthetic.lanes=2", "--set", "train.synthetic.steps=48",
                "--set", "train.synthetic.window=12", "--set", "train.checkpoint-dir=" + checkpoints,
                "--set", "train.model-dir=" + model));
        for (String m : more) {
            args.add("--set");
            args.add(m);
        }
        return args;
    }

    /** Runs {@code args} and returns [exit code, standard error]. */
    private static Object[] run(List<String> args) {
        Console c = Console.run(args.toArray(new String[0]));
        return new Object[] {c.code(), c.err()};
    }

    @Test
    void overlappingCheckpointAndModelDirectoriesAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run/notes.txt"), "mine");
        String[][] cases = {
            {tmp.resolve("run").toString(), tmp.resolve("run/model").toString(), "contains train.model-dir"},
            {tmp.resolve("run/ckpt").toString(), tmp.resolve("run").toString(), "lies inside train.model-dir"},
            {tmp.resolve("run").toString(), tmp.resolve("run/").toString(), "is the same folder as train.model-dir"},
        };
        for (String[] c : cases) {
            Object[] r = run(trainArgs(tmp, c[0], c[1]));
            assertEquals(ExitCode.BAD_INPUT.code(), r[0], (String) r[1]);
            String err = ((String) r[1]).strip();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("sparkcast train: train.checkpoint-dir (") && err.contains(c[2]), err);
        }
        assertEquals("mine", Files.readString(tmp.resolve("run/notes.txt")));
        try (Stream<Path> files = Files.list(tmp.resolve("run"))) {
            assertEquals(1, files.count(), "nothing written beside the user's file");
        }
    }

    @Test
    void modelOrCheckpointsOverTheDataOrAReplacedOutputAreRefused(@TempDir Path tmp) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Object[] inData = run(trainArgs(tmp, tmp.resolve("ckpt").toString(), data.toString(),
                "data.paths=" + data + "/*.csv"));
        assertEquals(ExitCode.BAD_INPUT.code(), inData[0], (String) inData[1]);
        assertTrue(((String) inData[1]).contains("train.model-dir (" + data + ") is the same folder as data.paths"),
                (String) inData[1]);
        Object[] inEvaluation = run(trainArgs(tmp, tmp.resolve("ckpt").toString(), tmp.resolve("eval/model").toString(),
                "evaluate.output=" + tmp.resolve("eval")));
        assertEquals(ExitCode.BAD_INPUT.code(), inEvaluation[0], (String) inEvaluation[1]);
        assertTrue(((String) inEvaluation[1]).contains("lies inside evaluate.output"), (String) inEvaluation[1]);
    }

    @Test
    void everyShippedConfigKeepsItsDirectoriesApart() throws IOException {
        try (Stream<Path> configs = Files.list(Path.of("conf"))) {
            for (Path c : (Iterable<Path>) configs.filter(p -> p.toString().endsWith(".properties"))::iterator) {
                Properties props = new Properties();
                try (var in = Files.newBufferedReader(c)) {
                    props.load(in);
                }
                DirectoryOverlap.refuseOverlaps(props, props.getProperty("train.checkpoint-dir", "target/sparkcast-run/checkpoints"),
                        props.getProperty("train.model-dir", "target/sparkcast-run/model"));
            }
        }
    }

    @Test
    void aFullDiskIsAnEnvironmentFailureWithOneLineAndNoTemporaryFile(@TempDir Path tmp) throws IOException {
        Path checkpoints = tmp.resolve("ckpt");
        Object[] r = run(trainArgs(tmp, "full://" + checkpoints, tmp.resolve("model").toString(),
                "spark.hadoop.fs.full.impl=" + FullFileSystem.class.getName(), "spark.hadoop.fs.full.impl.disable.cache=true"));
        String err = ((String) r[1]).strip();
        assertEquals(ExitCode.ENVIRONMENT.code(), r[0], err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("sparkcast train: environment failure: ") && err.contains(checkpoints.toString())
                && err.endsWith("No space left on device"), err);
        try (Stream<Path> left = Files.list(checkpoints)) {
            List<String> names = left.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.contains("_tmp") || n.endsWith(".ckpt")), names.toString());
        }
        assertFalse(Files.exists(tmp.resolve("model")), "no model after a failed run");
    }

    @Test
    void failuresOfTheEnvironmentAreToldApartFromBugsAndBadInput() {
        String disk = Failures.environmentFailure(new IllegalStateException("round 3",
                new UncheckedIOException("writing checkpoint /x/round-00000003.ckpt: No space left on device",
                        new IOException("No space left on device"))));
        assertEquals("environment failure: writing checkpoint /x/round-00000003.ckpt: No space left on device", disk);
        String denied = Failures.environmentFailure(new UncheckedIOException("writing /m/params.bin",
                new java.nio.file.AccessDeniedException("/m/params.bin")));
        assertEquals("environment failure: writing /m/params.bin (permission denied)", denied);
        assertTrue(Failures.environmentFailure(new OutOfMemoryError("Java heap space")).startsWith("out of memory (Java heap space)"));
        assertEquals(null, Failures.environmentFailure(new NullPointerException("a bug")));
        assertEquals(ExitCode.INTERNAL.code(), Failures.report("sparkcast test", new NullPointerException("a bug")));
        assertEquals(ExitCode.ENVIRONMENT.code(), Failures.report("sparkcast test", new OutOfMemoryError("Java heap space")));
        assertEquals(ExitCode.BAD_INPUT.code(), Failures.report("sparkcast test", new IllegalArgumentException("bad")));
    }
}
