package org.sparkcast.data;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * A fast reader for the common time patterns: {@code yyyy} (or {@code uuuu}), {@code MM}, {@code dd} and optionally
 * {@code HH}, {@code mm}, {@code ss}, each once, between literal characters (quoted text included), as in
 * {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-dd'T'HH:mm}. It reads only texts of exactly the pattern's width with
 * digits where the fields are and a valid date and time; for anything else it answers {@link #NOT_READ} and the caller
 * asks {@link java.time.format.DateTimeFormatter}, whose answer it would give anyway (the formatter resolves
 * out-of-range days "smartly", which is left to it). Local time to instant goes through the same
 * {@link LocalDateTime#atZone}, so gaps and overlaps of the zone resolve as the formatter's result would.
 * Parsing a time with {@code DateTimeFormatter} costs about a microsecond, a quarter of the data phase's parsing.
 */
final class FixedWidthTime implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Returned by {@link #epochMillis} for a text this reader leaves to the formatter. */
    static final long NOT_READ = Long.MIN_VALUE;

    private static final String FIELDS = "yMdHms";

    /** Per field of {@link #FIELDS}: its first character in the text, or -1 if the pattern lacks it. */
    private final int[] start = {-1, -1, -1, -1, -1, -1};
    /** The pattern's text with each field's characters as '\0' and its literals as themselves. */
    private final String shape;

    private FixedWidthTime(String shape) {
        this.shape = shape;
    }

    /** The reader of {@code pattern}, or null if it is not one of the patterns read here. */
    static FixedWidthTime of(String pattern) {
        StringBuilder shape = new StringBuilder();
        int[] start = {-1, -1, -1, -1, -1, -1};
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int end = pattern.indexOf('\'', i + 1);
                if (end < 0 || end == i + 1) {
                    return null; // '' (a quote) or an unclosed quote: the formatter's business
                }
                shape.append(pattern, i + 1, end);
                i = end + 1;
            } else if (Character.isLetter(c)) {
                int run = i;
                while (run < pattern.length() && pattern.charAt(run) == c) {
                    run++;
                }
                int field = FIELDS.indexOf(c == 'u' ? 'y' : c);
                if (field < 0 || start[field] >= 0 || run - i != (field == 0 ? 4 : 2)) {
                    return null;
                }
                start[field] = shape.length();
                shape.append("\0".repeat(run - i));
                i = run;
            } else if ("[]#{}".indexOf(c) >= 0) {
                return null; // optional sections and reserved characters
            } else {
                shape.append(c);
                i++;
            }
        }
        boolean date = start[0] >= 0 && start[1] >= 0 && start[2] >= 0;
        boolean time = start[3] >= 0 && start[4] >= 0 || start[3] < 0 && start[4] < 0 && start[5] < 0; // H:m[:s] or none
        if (!date || !time) {
            return null;
        }
        FixedWidthTime t = new FixedWidthTime(shape.toString());
        System.arraycopy(start, 0, t.start, 0, start.length);
        return t;
    }

    /** Epoch millis of {@code text} (already trimmed) as local time in {@code zone}, or {@link #NOT_READ}. */
    long epochMillis(String text, ZoneId zone) {
        if (text.length() != shape.length()) {
            return NOT_READ;
        }
        for (int i = 0; i < text.length(); i++) {
            char want = shape.charAt(i);
            char c = text.charAt(i);
            if (want == '\0' ? c < '0' || c > '9' : c != want) {
                return NOT_READ;
            }
        }
        int year = digits(text, 0, 4);
        if (year < 1) {
            return NOT_READ;
        }
        try {
            return LocalDateTime.of(year, digits(text, 1, 2), digits(text, 2, 2), digits(text, 3, 2), digits(text, 4, 2),
                    digits(text, 5, 2)).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return NOT_READ;
        }
    }

    private int digits(String text, int field, int width) {
        int at = start[field];
        if (at < 0) {
            return 0;
        }
        int v = 0;
        for (int i = at; i < at + width; i++) {
            v = v * 10 + text.charAt(i) - '0';
        }
        return v;
    }
}
