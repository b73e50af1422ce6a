package org.sparkcast.cli;

/** A wrong command line (unknown option, missing value): exit code {@link ExitCode#USAGE}. */
final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
