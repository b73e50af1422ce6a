package org.sparkcast.cli;

import java.util.Arrays;

/**
 * {@code sparkcast <command> [options]}. Each command is a class with its own {@code --help}; a failure
 * ends with one line on standard error and a distinct exit code (see {@link ExitCode}).
 */
public final class Main {
    private Main() {
    }

    private static final java.util.List<String> COMMANDS = java.util.List.of("train", "bench-train", "demo", "forecast",
            "evaluate", "model", "generate", "prepare", "bench", "bench-data");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (never calls {@code System.exit}). */
    public static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(usage());
            return args.length == 0 ? ExitCode.USAGE.code() : ExitCode.OK.code();
        }
        if (args[0].equals("--version")) {
            System.out.println(version());
            return ExitCode.OK.code();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Interrupts.install("sparkcast " + args[0]);
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
                case "bench-data":
                    return new DataBenchCommand().run(rest);
                case "bench":
                    return new BenchCommand().run(rest);
                default:
                    System.err.println("sparkcast: unknown command '" + args[0] + "'" + org.sparkcast.data.NearestName.hint(args[0],
                            COMMANDS) + " (see sparkcast --help)");
                    return ExitCode.USAGE.code();
            }
        } catch (UsageException e) {
            System.err.println("sparkcast " + args[0] + ": " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (Throwable t) { // SparkException is checked in Java's eyes but thrown unchecked from Scala
            return Failures.report("sparkcast " + args[0], t);
        } finally {
            System.out.flush();
        }
    }

    /** {@code sparkcast <version> (Spark <version>, Java <version>)}. */
    static String version() {
        String own = Main.class.getPackage().getImplementationVersion();
        return "sparkcast " + (own == null ? "(development build)" : own) + " (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                + ", Java " + Runtime.version() + ")";
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
                "  bench-data  the data phase at scale on generated Parquet: prepare vs Spark's own read/shuffle/sort; JSON line",
                "every command takes --help and --version; train, forecast, evaluate, model, prepare, bench-train, bench-data and generate also",
                "--config FILE and --set key=value (repeatable). Run 'sparkcast <command> --help' for its options.");
    }
}
