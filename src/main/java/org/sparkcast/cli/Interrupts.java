package org.sparkcast.cli;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Stops a command on SIGINT (Ctrl-C) or SIGTERM with one line and the shell's exit status (130, 143).
 *
 * <p>The JVM's own handlers start the shutdown at once: Spark's shutdown hook stops the SparkContext, the running job
 * fails with "SparkContext was shut down", and the main thread would print that failure as a 40-line trace while the
 * JVM halts under it. These handlers first record the signal, let a write in flight finish (a checkpoint), print the one line (naming what survives, e.g. the
 * checkpoints of finished rounds) and flush standard output, so that lines already printed reach a redirected file;
 * then they exit with 128 + the signal number, as a process killed by the signal would. {@link Main} reports
 * nothing further once {@link #received()} is set. Writes in flight end as the JVM exits: a checkpoint or a model is
 * written to a temporary name first and renamed, so an interrupted one is never taken for a complete one.
 */
final class Interrupts {
    /** The signal that stopped the run, or null. */
    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();
    private static volatile String command = "sparkcast";
    private static volatile String survivors = "";
    private static volatile Runnable beforeExit = () -> { };

    private Interrupts() {
    }

    /** Installs the handlers for {@code command} (e.g. {@code "sparkcast train"}). */
    static void install(String commandName) {
        command = commandName;
        survivors = "";
        beforeExit = () -> { };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), Interrupts::stop);
            } catch (IllegalArgumentException e) {
                // the signal is reserved on this platform or JVM (e.g. -Xrs): its default action stays
            }
        }
    }

    /**
     * What a stop leaves behind, said in the one line (e.g. "checkpoints of finished rounds are kept in DIR"), and what
     * must finish before the process exits (e.g. the checkpoint being written), run on the signal's thread.
     */
    static void leaving(String whatSurvives, Runnable finish) {
        survivors = whatSurvives;
        beforeExit = finish;
    }

    /** The signal that stopped the run ({@code "SIGINT"}, {@code "SIGTERM"}), or null while none came. */
    static String received() {
        return RECEIVED.get();
    }

    /**
     * Turns every logger off: the run goes on while the JVM shuts down (rounds, Spark's shutdown), and the one line
     * must stay the last one. Without log4j's core (another binding) the logs go on.
     */
    private static void quietLogs() {
        try {
            org.apache.logging.log4j.core.config.Configurator.setAllLevels(org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME,
                    org.apache.logging.log4j.Level.OFF);
        } catch (LinkageError | RuntimeException e) {
            // not log4j: nothing to silence this way
        }
    }

    private static void stop(Signal signal) {
        if (!RECEIVED.compareAndSet(null, "SIG" + signal.getName())) {
            return; // a second Ctrl-C while the first is shutting down
        }
        try {
            beforeExit.run();
        } catch (RuntimeException e) {
            // exiting anyway: the line below still says what was kept
        }
        quietLogs();
        System.out.flush();
        System.err.println(command + ": stopped by SIG" + signal.getName()
                + (survivors.isEmpty() ? "" : "; " + survivors) + "; nothing else was written");
        System.err.flush();
        int status = 128 + signal.getNumber();
        // exit from another thread: System.exit runs the shutdown hooks and must not block the signal dispatcher
        Thread exit = new Thread(() -> System.exit(status), "sparkcast-exit-on-signal");
        exit.setDaemon(false);
        exit.start();
    }
}
