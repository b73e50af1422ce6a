package org.sparkcast.data;

/** The format of the input files. */
public enum FileFormat {
    CSV, PARQUET
}
