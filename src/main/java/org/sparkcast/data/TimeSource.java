package org.sparkcast.data;

/** How a row's time is read: text columns joined by a space and parsed with a pattern, or integer year/month/day/hour[/minute] parts. */
public enum TimeSource {
    COLUMNS, PARTS
}
