package org.sparkcast.data;

/** Where the series key of a row comes from: key columns, or the file's name (one series per file). */
public enum SeriesSource {
    COLUMNS, FILE_NAME
}
