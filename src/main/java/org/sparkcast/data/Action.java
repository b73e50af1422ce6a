package org.sparkcast.data;

/** What the policy does about one {@link Rule}'s problem; each rule allows some of these. */
public enum Action {
    /** Stop with an {@link InvalidDataException} naming the place ({@link RowLocation}: file, line, column, value, series, local time). */
    ERROR,
    /** Treat the cell as missing (then gap filling imputes it or splits the series). */
    MISSING,
    /** Drop the row, series or segment and count it. */
    DROP,
    /** Accept out-of-order rows, put them in time order and count them. */
    SORT,
    /** Merge rows off the grid into their grid bucket (see {@link ResampleMethod}) and count them. */
    RESAMPLE,
    /** Keep and count. */
    KEEP
}
