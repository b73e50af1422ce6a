package org.sparkcast.cli;

import java.util.Arrays;

/**
 * {@code sparkcast <command> [options]}. Each command is a class with its own {@code --help}; a failure
 * ends with one line on standard error and a distinct exit code (see {@link ExitCode}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (never calls {@code System.exit}). */
    public static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(usage());
            return args.length == 0 ? ExitCode.USAGE.code() : ExitCode.OK.code();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "demo":
                    return new DemoCommand().run(rest);
                case "bench":
                    return new BenchCommand().run(rest);
                default:
                    System.err.println("sparkcast: unknown command '" + args[0] + "'\n" + usage());
                    return ExitCode.USAGE.code();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("sparkcast " + args[0] + ": " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        } catch (RuntimeException e) {
            System.err.println("sparkcast " + args[0] + ": internal error: " + e);
            return ExitCode.INTERNAL.code();
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: sparkcast <command> [options]",
                "commands:",
                "  demo    train the local engine on a generated series and print the loss falling",
                "  bench   time the engine's training step (and PyTorch's, when present); JSON lines",
                "run 'sparkcast <command> --help' for the options of a command");
    }
}
