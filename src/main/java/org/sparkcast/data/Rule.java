package org.sparkcast.data;

import java.util.EnumSet;
import java.util.Set;

/**
 * The validation rules whose outcome the config chooses ({@code data.policy.<rule>=<action>}). Missing
 * columns and empty input are always errors; missing cells are always gap-filled or split on.
 */
public enum Rule {
    /**
     * A CSV record with more or fewer fields than the header (trailing empty fields aside, see
     * {@link RecordShape}); Spark would silently pad or truncate it.
     */
    MALFORMED_ROW(Action.ERROR, Action.ERROR, Action.DROP),
    /** A numeric cell that is not a number in the configured decimal notation. */
    UNPARSABLE_NUMBER(Action.ERROR, Action.ERROR, Action.MISSING),
    /** A time that does not parse with the configured pattern (or parts out of range). */
    UNPARSABLE_TIME(Action.ERROR, Action.ERROR, Action.DROP),
    /**
     * A number outside its column's physical range ({@code data.range.<column>}, see {@link ValueRanges}): MISSING
     * makes the cell missing (imputed or split on like any missing value), DROP drops the row.
     */
    OUT_OF_RANGE(Action.ERROR, Action.ERROR, Action.MISSING, Action.DROP),
    /** NaN or +-Infinity written in the file. */
    NON_FINITE(Action.MISSING, Action.ERROR, Action.MISSING),
    /** Two rows of one series with the same time; DROP keeps the first in file order. */
    DUPLICATE_TIME(Action.ERROR, Action.ERROR, Action.DROP),
    /** A row earlier in time than a row before it in the same file. */
    OUT_OF_ORDER(Action.SORT, Action.ERROR, Action.SORT),
    /** A time that is not on the grid of the configured frequency. */
    OFF_GRID(Action.ERROR, Action.ERROR, Action.RESAMPLE),
    /** A series whose first target is constant over its training range (zero spread). */
    CONSTANT_SERIES(Action.DROP, Action.ERROR, Action.DROP, Action.KEEP),
    /** A series without a single complete step. */
    ALL_MISSING_SERIES(Action.DROP, Action.ERROR, Action.DROP),
    /** A segment shorter than one window ({@code data.segment.min-steps}). */
    SHORT_SEGMENT(Action.DROP, Action.ERROR, Action.DROP, Action.KEEP);

    private final Action defaultAction;
    private final Set<Action> allowed;

    Rule(Action defaultAction, Action first, Action... rest) {
        this.defaultAction = defaultAction;
        this.allowed = EnumSet.of(first, rest);
    }

    public Action defaultAction() {
        return defaultAction;
    }

    public Set<Action> allowed() {
        return allowed;
    }

    /** The rule's spelling in config keys and reports: {@code duplicate-time}. */
    public String configName() {
        return ConfigReader.configName(this);
    }
}
