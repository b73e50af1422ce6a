package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The command line's exit codes: the quick-start demo runs, and each kind of mistake has its own code. */
class MainTest {

    @Test
    void demoRunsAndExitsZero() {
        assertEquals(0, Main.run(new String[] {"demo", "--epochs", "2", "--hidden", "8"}));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), Main.run(new String[] {"trian"}));
    }

    @Test
    void badOptionValueIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), Main.run(new String[] {"demo", "--epochs", "many"}));
        assertEquals(ExitCode.USAGE.code(), Main.run(new String[] {"demo", "--hidden"}));
    }

    @Test
    void everyCommandReadsOptionsAlike() {
        // a missing value, a value that is not a number, a count below its minimum, an unknown option: exit 2 (usage)
        String[][] mistakes = {
            {"generate", "--series"}, {"generate", "--steps", "ten"}, {"generate", "--series", "0"}, {"generate", "--bogus"},
            {"bench", "--repeats", "x"}, {"bench", "--threads", "0"}, {"bench", "--block-seconds"}, {"bench", "--bogus"},
            {"bench-train", "--cores"}, {"bench-train", "--repeats", "0"}, {"bench-train", "--warmup", "-1"}, {"bench-train", "--config"},
            {"demo", "--epochs", "0"},
        };
        for (String[] args : mistakes) {
            assertEquals(ExitCode.USAGE.code(), Main.run(args), String.join(" ", args));
        }
    }

    @Test
    void unknownCellIsABadInput() {
        assertEquals(ExitCode.BAD_INPUT.code(), Main.run(new String[] {"demo", "--cell", "transformer"}));
    }

    @Test
    void trainRefusesToOverwriteCheckpointsWithoutResumeOrFresh(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String[] args = {"train", "--set", "train.epochs=1", "--set", "train.hidden=4", "--set", "train.master=local[1]",
            "--set", "train.synthetic.lanes=2", "--set", "train.synthetic.steps=48", "--set", "train.synthetic.window=12",
            "--set", "train.checkpoint-dir=" + tmp.resolve("ckpt"), "--set", "train.model-dir=" + tmp.resolve("model")};
        assertEquals(0, Main.run(args));
        assertEquals(ExitCode.BAD_INPUT.code(), Main.run(args));
        String[] fresh = java.util.Arrays.copyOf(args, args.length + 1);
        fresh[args.length] = "--fresh";
        assertEquals(0, Main.run(fresh));
    }
}
