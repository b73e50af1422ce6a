package org.sparkcast.cli;

/** Small helpers for reading a command's options. */
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
}
