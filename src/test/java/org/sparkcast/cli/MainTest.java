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
}
