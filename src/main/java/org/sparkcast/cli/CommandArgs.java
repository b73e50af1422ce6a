package org.sparkcast.cli;

/**
 * Small helpers for reading a command's options. A missing value, a value that is not a number, or a count below
 * its minimum is a usage error (exit code 2), whichever command reads it.
 */
final class CommandArgs {
    private CommandArgs() {
    }

    /** The value after option {@code args[i - 1]}; a usage error when it is missing. */
    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** The whole number after option {@code args[i - 1]}, at least {@code min}. */
    static int count(String[] args, int i, String option, int min) {
        long n = whole(args, i, option);
        if (n < min || n > Integer.MAX_VALUE) {
            throw new UsageException(option + " must be a whole number >= " + min + ", got " + n);
        }
        return (int) n;
    }

    /** The whole number after option {@code args[i - 1]}. */
    static long whole(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, got '" + v + "'");
        }
    }

    /** The number after option {@code args[i - 1]}. */
    static double decimal(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, got '" + v + "'");
        }
    }
}
