package org.sparkcast.data;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Text cells to numbers and instants, per the config: decimal mark, missing markers (text, and numeric
 * such as {@code -200} that also match {@code -200,0}), time pattern or parts, and zone.
 */
final class CellParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a numeric cell turned out to be. */
    enum Kind { NUMBER, MISSING, UNPARSABLE, NON_FINITE }

    /** NaN and infinities as text ({@code nan}, {@code -inf}, {@code +Infinity}), any case. */
    private static final java.util.regex.Pattern NON_FINITE_TEXT = java.util.regex.Pattern.compile("nan|[+-]?inf(inity)?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private final Set<String> textMarkers = new HashSet<>();
    private final Set<Double> numericMarkers = new HashSet<>();
    private final java.util.Map<String, Set<String>> columnText = new java.util.HashMap<>();
    private final java.util.Map<String, Set<Double>> columnNumeric = new java.util.HashMap<>();
    private final char decimalMark;
    private final String pattern;
    private final String zone;
    private transient DateTimeFormatter formatter;
    private transient ZoneId zoneId;
    /** The fast reader of {@link #pattern} if it is a plain fixed-width one; null: the formatter reads every time. */
    private final FixedWidthTime fixedWidth;

    CellParser(SourceSpec src) {
        this.decimalMark = src.decimalMark;
        this.pattern = src.timePattern;
        this.zone = src.zone;
        this.fixedWidth = src.timePattern == null ? null : FixedWidthTime.of(src.timePattern);
        for (String m : src.nullMarkers) {
            textMarkers.add(m);
            double v = number(m);
            if (!Double.isNaN(v)) {
                numericMarkers.add(v);
            }
        }
        for (String pair : src.columnNullMarkers) {
            int colon = pair.lastIndexOf(':');
            String column = pair.substring(0, colon).trim();
            String marker = pair.substring(colon + 1).trim();
            columnText.computeIfAbsent(column, c -> new HashSet<>()).add(marker);
            double v = number(marker);
            if (!Double.isNaN(v)) {
                columnNumeric.computeIfAbsent(column, c -> new HashSet<>()).add(v);
            }
        }
    }

    /** Columns that have markers of their own. */
    Set<String> columnsWithMarkers() {
        return columnText.keySet();
    }

    /** Parses {@code cell} of {@code column} into {@code out[0]} and says what it was. */
    Kind parseNumber(String cell, String column, double[] out) {
        String s = cell == null ? "" : cell.trim();
        if (s.isEmpty() || textMarkers.contains(s) || columnText.getOrDefault(column, Set.of()).contains(s)) {
            return Kind.MISSING;
        }
        double v = number(s);
        if (Double.isNaN(v)) {
            return NON_FINITE_TEXT.matcher(s).matches() ? Kind.NON_FINITE : Kind.UNPARSABLE;
        }
        return Double.isInfinite(v) ? Kind.NON_FINITE : finite(v, column, out);
    }

    /**
     * The same for a number read as a double (a Parquet double or integer column): what its text would give (a text
     * marker that is a number is a numeric marker too; NaN and infinities go the text's way, "NaN" may be a marker).
     */
    Kind typedNumber(double v, String column, double[] out) {
        return Double.isFinite(v) ? finite(v, column, out) : parseNumber(String.valueOf(v), column, out);
    }

    private Kind finite(double v, String column, double[] out) {
        if (numericMarkers.contains(v) || columnNumeric.getOrDefault(column, Set.of()).contains(v)) {
            return Kind.MISSING;
        }
        out[0] = v;
        // the engine computes in float32: a finite double beyond float range would become infinite there
        return Math.abs(v) > Float.MAX_VALUE ? Kind.NON_FINITE : Kind.NUMBER;
    }

    /** A plain decimal number (digits, sign, one decimal mark, exponent) or NaN if it is not one. */
    private double number(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == 'e' || c == 'E' || c == decimalMark;
            if (!ok) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(decimalMark == ',' ? s.replace(',', '.') : s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Epoch millis of the time text, or {@code Long.MIN_VALUE} if it does not parse. */
    long parseTime(String text) {
        if (formatter == null) {
            formatter = DateTimeFormatter.ofPattern(pattern);
            zoneId = ZoneId.of(zone);
        }
        String trimmed = text.trim();
        long fast = fixedWidth == null ? FixedWidthTime.NOT_READ : fixedWidth.epochMillis(trimmed, zoneId);
        if (fast != FixedWidthTime.NOT_READ) {
            return fast;
        }
        try {
            TemporalAccessor t = formatter.parseBest(trimmed, LocalDateTime::from, LocalDate::from);
            LocalDateTime local = t instanceof LocalDate d ? d.atStartOfDay() : (LocalDateTime) t;
            return local.atZone(zoneId).toInstant().toEpochMilli();
        } catch (java.time.DateTimeException | ClassCastException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Epoch millis of year, month, day[, hour[, minute]] integer cells, or {@code Long.MIN_VALUE}. */
    long parseParts(List<String> parts) {
        if (zoneId == null) {
            formatter = DateTimeFormatter.ofPattern(pattern);
            zoneId = ZoneId.of(zone);
        }
        try {
            int[] v = new int[5];
            for (int i = 0; i < parts.size(); i++) {
                String p = parts.get(i) == null ? "" : parts.get(i).trim();
                v[i] = wholeNumber(p);
                if (v[i] == Integer.MIN_VALUE) {
                    return Long.MIN_VALUE;
                }
            }
            return LocalDateTime.of(v[0], v[1], v[2], v[3], v[4]).atZone(zoneId).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** "2013" and "2013.0" (Parquet doubles) alike as 2013; {@link Integer#MIN_VALUE} if not a whole number. */
    private static int wholeNumber(String p) {
        boolean digits = !p.isEmpty() && p.length() <= 9;
        for (int i = 0; digits && i < p.length(); i++) {
            digits = p.charAt(i) >= '0' && p.charAt(i) <= '9';
        }
        if (digits) {
            return Integer.parseInt(p);
        }
        double d = Double.parseDouble(p);
        return (int) d == d ? (int) d : Integer.MIN_VALUE;
    }
}
