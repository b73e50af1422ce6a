package org.sparkcast.cli;

import java.util.Arrays;
import org.sparkcast.train.TrainingDivergedException;

/**
 * {@code sparkcast <command> [options]}. Each command is a class with its own {@code --help}; a failure
 * ends with one line on standard error and a distinct exit code (see {@link ExitCode}).
 */
public final class Main {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Main.class);
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
                case "train":
                    return new TrainCommand().run(rest);
                case "bench-train":
                    return new TrainBenchCommand().run(rest);
                case "generate":
                    return new GenerateCommand().run(rest);
                case "evaluate":
                    return new EvaluateCommand().run(rest);
                case "forecast":
                    return new ForecastCommand().run(rest);
                case "model":
                    return new ModelVersionsCommand().run(rest);
                case "prepare":
                    return new PrepareCommand().run(rest);
                case "bench":
                    return new BenchCommand().run(rest);
                default:
                    System.err.println("sparkcast: unknown command '" + args[0] + "'\n" + usage());
                    return ExitCode.USAGE.code();
            }
        } catch (UsageException e) {
            System.err.println("sparkcast " + args[0] + ": " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (IllegalArgumentException e) {
            System.err.println("sparkcast " + args[0] + ": " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        } catch (TrainingDivergedException e) {
            System.err.println("sparkcast " + args[0] + ": training diverged: " + e.getMessage());
            return ExitCode.DIVERGED.code();
        } catch (RuntimeException e) {
            LOG.error("internal error in '" + args[0] + "'", e);
            System.err.println("sparkcast " + args[0] + ": internal error: " + e + " (stack trace in the log)");
            return ExitCode.INTERNAL.code();
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: sparkcast <command> [options]",
                "commands:",
                "  train     train a recurrent network on Spark (local mode or a cluster) and write a new model version",
                "  model     list|show|promote the versions of a model directory (which one forecast and evaluate use)",
                "  bench-train  windows/s of the bare engine, Spark local[1] and local[N] on the same windows",
                "  demo      train the local engine alone on a generated series and print the loss falling",
                "  forecast  forecast every series H steps past the as-of time with a trained model; write Parquet/CSV",
                "  evaluate  rolling-origin backtest on the test range: MAE, RMSE, sMAPE, MASE vs naive baselines; JSON + HTML",
                "  generate  write synthetic multi-series data (CSV or Parquet)",
                "  prepare   read, validate and window a dataset described by a config; print the run report",
                "  bench     time the engine's training step (and PyTorch's, when present); JSON lines",
                "run 'sparkcast <command> --help' for the options of a command");
    }
}
