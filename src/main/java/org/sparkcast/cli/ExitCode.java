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
    DIVERGED(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
