package org.sparkcast.cli;

/** Process exit codes of the command line, one per kind of failure. */
public enum ExitCode {
    OK(0),
    /** Internal error: a bug, reported with its exception. */
    INTERNAL(1),
    /** Wrong command line: unknown command or option, missing value. */
    USAGE(2),
    /** Invalid configuration or input data. */
    BAD_INPUT(3),
    /**
     * Training diverged (no model written): every partition produced a non-finite loss, gradient or parameter, or an epoch's
     * loss exceeded {@code train.divergence-factor} times the best seen.
     */
    DIVERGED(4),
    /**
     * The environment failed, not Sparkcast nor its input: disk full, permission denied, an unreachable filesystem,
     * out of memory. The one line names the path or resource.
     */
    ENVIRONMENT(5),
    /** Stopped by SIGINT (Ctrl-C): 128 + 2, as the shell reports a process the signal ended. */
    INTERRUPTED(130),
    /** Stopped by SIGTERM (e.g. a scheduler's kill): 128 + 15. */
    TERMINATED(143);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
