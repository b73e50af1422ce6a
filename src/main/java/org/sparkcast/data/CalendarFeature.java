package org.sparkcast.data;

import java.time.ZonedDateTime;

/**
 * Known-future features derived from a step's local time, each encoded as a (sin, cos) pair so that
 * the end of a cycle meets its start.
 */
public enum CalendarFeature {
    HOUR_OF_DAY, DAY_OF_WEEK, DAY_OF_YEAR, MONTH;

    /** The phase in [0, 1) of {@code t} within this feature's cycle. */
    double phase(ZonedDateTime t) {
        return switch (this) {
            case HOUR_OF_DAY -> (t.getHour() + t.getMinute() / 60.0) / 24.0;
            case DAY_OF_WEEK -> (t.getDayOfWeek().getValue() - 1) / 7.0;
            case DAY_OF_YEAR -> (t.getDayOfYear() - 1) / 366.0;
            case MONTH -> (t.getMonthValue() - 1) / 12.0;
        };
    }
}
