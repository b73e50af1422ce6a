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
