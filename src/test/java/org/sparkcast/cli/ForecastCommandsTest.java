package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** forecast and evaluate: help, usage errors and config errors, caught before any Spark work. */
class ForecastCommandsTest {
    private static String stderrOf(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Main.run(args);
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bothAnswerHelp() {
        assertEquals(ExitCode.OK.code(), Main.run(new String[] {"forecast", "--help"}));
        assertEquals(ExitCode.OK.code(), Main.run(new String[] {"evaluate", "--help"}));
    }

    @Test
    void unknownOptionOrMissingValueIsAUsageError() {
        assertEquals(ExitCode.USAGE.code(), Main.run(new String[] {"forecast", "--horizn", "3"}));
        assertEquals(ExitCode.USAGE.code(), Main.run(new String[] {"evaluate", "--stride"}));
    }

    @Test
    void unknownForecastKeyIsBadInputNamingTheClosestKey() {
        String err = stderrOf("forecast", "--set", "forecast.horizn=3");
        assertTrue(err.contains("unknown configuration key 'forecast.horizn'; did you mean 'forecast.horizon'?"), err);
        assertEquals(ExitCode.BAD_INPUT.code(), Main.run(new String[] {"evaluate", "--set", "evaluate.strid=3"}));
    }

    @Test
    void keyOfAnUnknownSectionIsBadInput() {
        String err = stderrOf("forecast", "--set", "forcast.horizon=3");
        assertTrue(err.contains("unknown configuration key 'forcast.horizon'"), err);
    }

    @Test
    void badValuesAreBadInputNamingTheKey() {
        String err = stderrOf("forecast", "--horizon", "0");
        assertTrue(err.contains("forecast.horizon=0 is not a whole number >= 1"), err);
        err = stderrOf("forecast", "--format", "xlsx");
        assertTrue(err.contains("forecast.format=xlsx is not one of [parquet, csv]"), err);
    }
}
