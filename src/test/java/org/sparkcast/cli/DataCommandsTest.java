package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The data commands' option handling (no Spark: the commands own their session and stop it). */
class DataCommandsTest {
    @Test
    void generateAndPrepareAnswerHelp() {
        assertEquals(ExitCode.OK.code(), Main.run(new String[] {"generate", "--help"}));
        assertEquals(ExitCode.OK.code(), Main.run(new String[] {"prepare", "--help"}));
    }

    @Test
    void badOptionValuesAreBadInputAndAMissingConfigIsAUsageError() {
        assertEquals(ExitCode.BAD_INPUT.code(), Main.run(new String[] {"generate", "--format", "xml"}));
        assertEquals(ExitCode.USAGE.code(), Main.run(new String[] {"prepare"}));
        assertEquals(ExitCode.BAD_INPUT.code(), Main.run(new String[] {"prepare", "--config", "no/such.properties"}));
    }
}
