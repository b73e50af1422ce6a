package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One option parser for every command: --config and --set where a config is read, exit 2 for every usage mistake, "did you mean", --version. */
class OptionsTest {

    private static Object[] run(String... args) {
        Console c = Console.run(args);
        return new Object[] {c.code(), c.out(), c.err()};
    }

    @Test
    void prepareTakesSetLikeEveryCommandThatReadsAConfig() {
        // the key is checked, so --set was read (it used to be "unknown option '--set'")
        for (String command : new String[] {"prepare", "train", "forecast", "evaluate", "bench-train", "generate"}) {
            Object[] r = run(command, "--set", "forecast.bogus-key=1");
            assertEquals(ExitCode.BAD_INPUT.code(), r[0], command + ": " + r[2]);
            assertTrue(((String) r[2]).contains("forecast.bogus-key") && !((String) r[2]).contains("unknown option"), command + ": " + r[2]);
        }
    }

    @Test
    void aMissingValueIsAUsageErrorInEveryCommand() {
        String[][] mistakes = {
            {"prepare", "--config"}, {"prepare", "--master"}, {"generate", "--out"}, {"generate", "--format"},
            {"bench", "--python"}, {"bench", "--shape"}, {"train", "--config"}, {"forecast", "--horizon"}, {"evaluate", "--set"},
            {"bench-train", "--repeats"}, {"demo", "--cell"},
        };
        for (String[] args : mistakes) {
            Object[] r = run(args);
            assertEquals(ExitCode.USAGE.code(), r[0], String.join(" ", args) + ": " + r[2]);
            assertEquals("sparkcast " + args[0] + ": " + args[1] + " needs a value (see sparkcast " + args[0] + " --help)",
                    ((String) r[2]).strip());
        }
    }

    @Test
    void aMistypedOptionGetsTheNearestOne() {
        Object[] r = run("forecast", "--horizn", "6");
        assertEquals(ExitCode.USAGE.code(), r[0]);
        assertEquals("sparkcast forecast: unknown option '--horizn'; did you mean '--horizon'? (see sparkcast forecast --help)",
                ((String) r[2]).strip());
        Object[] p = run("prepare", "--confg", "x.properties");
        assertTrue(((String) p[2]).contains("did you mean '--config'?"), (String) p[2]);
        assertEquals(ExitCode.USAGE.code(), run("trian")[0]);
        assertTrue(((String) run("trian")[2]).contains("unknown command 'trian'; did you mean 'train'?"));
    }

    @Test
    void commandsWithoutAConfigSaySo() {
        Object[] r = run("bench", "--config", "conf/local.properties");
        assertEquals(ExitCode.USAGE.code(), r[0]);
        assertTrue(((String) r[2]).contains("reads no config"), (String) r[2]);
    }

    @Test
    void versionAndHelpAnswerOnStandardOutput() {
        for (String[] args : new String[][] {{"--version"}, {"train", "--version"}, {"bench", "--version"}}) {
            Object[] r = run(args);
            assertEquals(0, r[0]);
            assertTrue(((String) r[1]).startsWith("sparkcast ") && ((String) r[1]).contains("Spark 4."), (String) r[1]);
        }
        Object[] h = run("prepare", "--help");
        assertEquals(0, h[0]);
        assertTrue(((String) h[1]).startsWith("usage: sparkcast prepare --config FILE [--set key=value ...]"), (String) h[1]);
    }

    @Test
    void aValueMayFollowAnEqualsSign() {
        Object[] r = run("demo", "--epochs=0");
        assertEquals(ExitCode.USAGE.code(), r[0]);
        assertEquals("sparkcast demo: --epochs must be a whole number >= 1, got 0", ((String) r[2]).strip());
    }
}
