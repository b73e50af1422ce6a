package org.sparkcast.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FSError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkcast.data.InvalidDataException;
import org.sparkcast.train.TrainingDivergedException;

/**
 * Turns whatever ended a command into its exit code and one line on standard error (see {@link ExitCode}).
 *
 * <p>Spark wraps a failure of a task in a {@code SparkException} (checked in Java's eyes, thrown unchecked from
 * Scala) whose cause chain holds what really happened, so the chain is searched: bad data anywhere in it is exit 3
 * with the data's own message; an {@link IOException} (including Hadoop's {@link FSError} and
 * {@link UncheckedIOException}) or an {@link OutOfMemoryError} is the environment's failure, exit 5, with the
 * outermost message that names a path and the root cause ("No space left on device"). Only what is left is a bug:
 * exit 1 with the exception, its trace logged. After SIGINT or SIGTERM ({@link Interrupts}) the one line was already
 * printed and the failure the shutdown caused is not reported again.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** Prints the one line for {@code t} (unless a signal already did) and returns the exit code. */
    static int report(String command, Throwable t) {
        String signal = Interrupts.received();
        if (signal != null) {
            LOG.debug("{} ended by {}", command, signal, t);
            return signal.equals("SIGINT") ? ExitCode.INTERRUPTED.code() : ExitCode.TERMINATED.code();
        }
        InvalidDataException data = InvalidDataException.find(t);
        if (t instanceof IllegalArgumentException || data != null) {
            System.err.println(command + ": " + (data != null ? data : t).getMessage());
            return ExitCode.BAD_INPUT.code();
        }
        TrainingDivergedException diverged = find(t, TrainingDivergedException.class);
        if (diverged != null) {
            System.err.println(command + ": training diverged: " + diverged.getMessage());
            return ExitCode.DIVERGED.code();
        }
        String environment = environmentFailure(t);
        if (environment != null) {
            LOG.debug("{}: environment failure", command, t);
            System.err.println(command + ": " + environment);
            return ExitCode.ENVIRONMENT.code();
        }
        LOG.error("internal error in '" + command + "'", t);
        System.err.println(command + ": internal error: " + t + " (stack trace above, or in the log)");
        return ExitCode.INTERNAL.code();
    }

    /**
     * The one line for a failure of the environment in {@code t}'s cause chain, or null when there is none: the
     * message of the first I/O failure in the chain (or of the nearest wrapper above it) says what was being done and
     * names the path; the root cause's own words ("No space left on device") follow unless already there.
     */
    static String environmentFailure(Throwable t) {
        Throwable hit = null;
        String context = null;
        for (Throwable c = t; c != null && hit == null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return "out of memory (" + c.getMessage() + "): give the JVM more heap (SPARKCAST_JAVA_OPTS=-Xmx8g for "
                        + "local runs, spark.driver.memory / spark.executor.memory on a cluster) or use fewer lanes or "
                        + "a smaller model";
            }
            String own = ownMessage(c);
            if (c instanceof IOException || c instanceof UncheckedIOException || c instanceof FSError) {
                hit = c;
                context = own != null ? own : context;
            } else if (own != null) {
                context = own;
            }
        }
        if (hit == null) {
            return null;
        }
        Throwable root = hit;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String words = ownMessage(root) != null ? ownMessage(root) : root.getClass().getSimpleName();
        String line = context == null ? words : context.contains(words) ? context : context + ": " + words;
        if (root instanceof java.nio.file.AccessDeniedException || words.contains("Permission denied")) {
            line += " (permission denied)";
        }
        return "environment failure: " + line;
    }

    /** The first line of {@code t}'s message, or null when it has none beyond its cause's name. */
    private static String ownMessage(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank() || (t.getCause() != null && m.equals(t.getCause().toString()))) {
            return null;
        }
        return m.lines().findFirst().orElse(m);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> kind) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (kind.isInstance(c)) {
                return kind.cast(c);
            }
        }
        return null;
    }
}
