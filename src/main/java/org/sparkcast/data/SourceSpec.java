package org.sparkcast.data;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/** Where the rows are and how to read them: files, format, CSV dialect, missing markers, series key and time. */
public final class SourceSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<String> paths;
    final FileFormat format;
    final List<String> nullMarkers;
    final List<String> columnNullMarkers;
    final String separator;
    final String quote;
    final char decimalMark;
    final boolean header;
    final String encoding;
    final SeriesSource seriesSource;
    final List<String> seriesColumns;
    final TimeSource timeSource;
    final List<String> timeColumns;
    final String timePattern;
    final List<String> timeParts;
    final String zone;

    private SourceSpec(ConfigReader r) {
        paths = splitPaths(r.string(DataKeys.PATHS));
        if (paths.isEmpty()) {
            throw new InvalidDataException(DataKeys.PATHS + " is empty: give at least one path or glob");
        }
        format = r.choice(DataKeys.FORMAT, FileFormat.class);
        nullMarkers = r.list(DataKeys.NULL_MARKERS);
        columnNullMarkers = r.list(DataKeys.COLUMN_NULL_MARKERS);
        for (String pair : columnNullMarkers) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new InvalidDataException(DataKeys.COLUMN_NULL_MARKERS + " entry '" + pair + "' must be column:marker");
            }
        }
        separator = r.raw(DataKeys.CSV_SEPARATOR).replace("\\t", "\t");
        quote = r.raw(DataKeys.CSV_QUOTE);
        String dec = r.string(DataKeys.CSV_DECIMAL);
        if (!dec.equals(".") && !dec.equals(",")) {
            throw new InvalidDataException(DataKeys.CSV_DECIMAL + "=" + dec + " must be '.' or ','");
        }
        decimalMark = dec.charAt(0);
        if (separator.isEmpty() || (decimalMark == ',' && separator.equals(","))) {
            throw new InvalidDataException(DataKeys.CSV_SEPARATOR + "='" + separator + "' cannot be empty or equal the decimal mark");
        }
        header = r.bool(DataKeys.CSV_HEADER);
        encoding = r.string(DataKeys.CSV_ENCODING);
        seriesSource = r.choice(DataKeys.SERIES_SOURCE, SeriesSource.class);
        seriesColumns = r.list(DataKeys.SERIES_COLUMNS);
        if (seriesSource == SeriesSource.COLUMNS && seriesColumns.isEmpty()) {
            throw new InvalidDataException(DataKeys.SERIES_COLUMNS + " is empty; name the key column(s) or set "
                    + DataKeys.SERIES_SOURCE + "=file-name");
        }
        timeSource = r.choice(DataKeys.TIME_SOURCE, TimeSource.class);
        timeColumns = r.list(DataKeys.TIME_COLUMNS);
        timePattern = r.raw(DataKeys.TIME_PATTERN).trim();
        timeParts = r.list(DataKeys.TIME_PARTS);
        zone = r.string(DataKeys.TIME_ZONE);
        validateTime();
    }

    /** Comma-separated paths; commas inside a glob's braces ({@code {a,b}}) stay in the path. */
    static List<String> splitPaths(String value) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : value.toCharArray()) {
            depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
            if (ch == ',' && depth == 0) {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString().trim());
                }
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        return List.copyOf(out);
    }

    private void validateTime() {
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidDataException(DataKeys.TIME_ZONE + "=" + zone + " is not a time zone id (e.g. UTC, +08:00, Asia/Shanghai)");
        }
        if (timeSource == TimeSource.COLUMNS) {
            if (timeColumns.isEmpty()) {
                throw new InvalidDataException(DataKeys.TIME_COLUMNS + " is empty");
            }
            try {
                DateTimeFormatter.ofPattern(timePattern);
            } catch (IllegalArgumentException e) {
                throw new InvalidDataException(DataKeys.TIME_PATTERN + "=" + timePattern + " is not a date-time pattern: " + e.getMessage());
            }
        } else if (timeParts.size() < 3 || timeParts.size() > 5) {
            throw new InvalidDataException(DataKeys.TIME_PARTS + "=" + timeParts
                    + " must name 3 to 5 columns: year,month,day[,hour[,minute]]");
        }
    }

    static SourceSpec read(ConfigReader r) {
        return new SourceSpec(r);
    }

    void write(Properties p) {
        p.setProperty(DataKeys.PATHS, String.join(",", paths));
        p.setProperty(DataKeys.FORMAT, ConfigReader.configName(format));
        p.setProperty(DataKeys.NULL_MARKERS, String.join(",", nullMarkers));
        p.setProperty(DataKeys.COLUMN_NULL_MARKERS, String.join(",", columnNullMarkers));
        p.setProperty(DataKeys.CSV_SEPARATOR, separator.replace("\t", "\\t"));
        p.setProperty(DataKeys.CSV_QUOTE, quote);
        p.setProperty(DataKeys.CSV_DECIMAL, String.valueOf(decimalMark));
        p.setProperty(DataKeys.CSV_HEADER, String.valueOf(header));
        p.setProperty(DataKeys.CSV_ENCODING, encoding);
        p.setProperty(DataKeys.SERIES_SOURCE, ConfigReader.configName(seriesSource));
        p.setProperty(DataKeys.SERIES_COLUMNS, String.join(",", seriesColumns));
        p.setProperty(DataKeys.TIME_SOURCE, ConfigReader.configName(timeSource));
        p.setProperty(DataKeys.TIME_COLUMNS, String.join(",", timeColumns));
        p.setProperty(DataKeys.TIME_PATTERN, timePattern);
        p.setProperty(DataKeys.TIME_PARTS, String.join(",", timeParts));
        p.setProperty(DataKeys.TIME_ZONE, zone);
    }

    public List<String> paths() { return paths; }
    public FileFormat format() { return format; }
    public ZoneId zoneId() { return ZoneId.of(zone); }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceSpec s)) {
            return false;
        }
        return paths.equals(s.paths) && format == s.format && nullMarkers.equals(s.nullMarkers)
                && columnNullMarkers.equals(s.columnNullMarkers)
                && separator.equals(s.separator) && quote.equals(s.quote) && decimalMark == s.decimalMark
                && header == s.header && encoding.equals(s.encoding) && seriesSource == s.seriesSource
                && seriesColumns.equals(s.seriesColumns) && timeSource == s.timeSource
                && timeColumns.equals(s.timeColumns) && timePattern.equals(s.timePattern)
                && timeParts.equals(s.timeParts) && zone.equals(s.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(paths, format, nullMarkers, columnNullMarkers, separator, quote, decimalMark, header, encoding,
                seriesSource, seriesColumns, timeSource, timeColumns, timePattern, timeParts, zone);
    }
}
