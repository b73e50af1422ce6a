package org.sparkcast.data;

/** What the cleaning stages count for the run report: rows of the input, cells, and steps of the grid. */
public enum Counter {
    ROWS_READ, ROWS_BLANK,
    /** CSV files that hold a header line and no data row (counted; an input of only such files is an error). */
    FILES_WITHOUT_ROWS,
    /** CSV records with the wrong number of fields, dropped under {@code data.policy.malformed-row=drop}. */
    ROWS_MALFORMED,
    ROWS_UNPARSABLE_TIME, ROWS_DUPLICATE_TIME, ROWS_SORTED, ROWS_OFF_GRID,
    /** Rows merged into a grid bucket that another row already filled (rows minus buckets). */
    ROWS_MERGED,
    /** Rows with a missing number outside any imputable run (inside a long gap, or before/after the first/last complete step). */
    ROWS_INCOMPLETE,
    ROWS_SHORT_SEGMENT, ROWS_ALL_MISSING_SERIES,
    /** Rows that ended in a kept step. */
    ROWS_KEPT,
    /** Rows dropped for a value outside its column's range ({@code data.policy.out-of-range=drop}). */
    ROWS_OUT_OF_RANGE,
    CELLS_MISSING, CELLS_UNPARSABLE, CELLS_NON_FINITE,
    /** Cells outside their column's range made missing ({@code data.policy.out-of-range=missing}). */
    CELLS_OUT_OF_RANGE,
    /** Categorical cells missing: encoded as "missing" (all-zero one-hot, index 0), never imputed. */
    CELLS_CATEGORY_MISSING,
    STEPS_KEPT, STEPS_IMPUTED,
    /** Grid steps without a row, or with an incomplete one, inside gaps longer than the maximum: where series split. */
    STEPS_GAP,
    STEPS_SHORT_SEGMENT,
    /** Missing grid steps of gaps whose neighbours lie in different splits: never imputed (see {@link GapBridge}). */
    STEPS_SPLIT_BOUNDARY,
    /** Gaps cut at a split boundary instead of imputed. */
    GAPS_SPLIT_BOUNDARY,
    SERIES_SEEN, SERIES_ALL_MISSING, SEGMENTS_KEPT, SEGMENTS_SHORT, GAPS_SPLIT;

    /** Spelling in the report: {@code rows-read}. */
    public String reportName() {
        return ConfigReader.configName(this);
    }
}
