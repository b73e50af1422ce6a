package org.sparkcast.data;

/**
 * Bad configuration or input data that the policy does not allow to drop or impute. The message names
 * the file, line, column, offending value, series and local time where they are known ({@link RowLocation}).
 */
public final class InvalidDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDataException(String message) {
        super(message);
    }

    /** The first {@code InvalidDataException} in a cause chain (Spark wraps executor failures), or null. */
    public static InvalidDataException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidDataException e) {
                return e;
            }
        }
        return null;
    }
}
