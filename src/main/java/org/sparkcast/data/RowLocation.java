package org.sparkcast.data;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a row-level problem is, as one text that every stage writes alike:
 * {@code file F, line L, column 'C', value 'V', series 'S', time 2013-03-01 14:00 Asia/Shanghai (2013-03-01T06:00:00Z)}.
 * The line is the one an editor shows (1-based, header included; in a compressed file, of the decompressed text), found
 * by {@link SourceLines} when the text is made; the time is written in the data's zone ({@code data.time.zone}), the
 * UTC instant after it unless the zone is UTC. Parts not known are left out. Immutable; built on executors when a
 * message is due.
 */
final class RowLocation {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String file;
    private final boolean text;
    private final long block;
    private final long index;
    private final String column;
    private final String value;
    private final String series;
    private final long time;
    private final ZoneId zone;

    private RowLocation(String file, boolean text, long block, long index, String column, String value, String series, long time,
                        ZoneId zone) {
        this.file = file;
        this.text = text;
        this.block = block;
        this.index = index;
        this.column = column;
        this.value = value;
        this.series = series;
        this.time = time;
        this.zone = zone;
    }

    /**
     * The {@code index}-th row (1-based, header included) that Spark's reader delivered from the block at byte {@code block}
     * of {@code file}; {@code text}: a text file with lines (CSV), else (Parquet) the row is named by its index in the block.
     */
    static RowLocation row(String file, boolean text, long block, long index) {
        return new RowLocation(file, text, block, index, null, null, null, Long.MIN_VALUE, null);
    }

    RowLocation column(String c) {
        return new RowLocation(file, text, block, index, c, value, series, time, zone);
    }

    /** The raw text of the cell (or cells) as read. */
    RowLocation value(String v) {
        return new RowLocation(file, text, block, index, column, v == null ? "" : v, series, time, zone);
    }

    RowLocation inSeries(String s) {
        return new RowLocation(file, text, block, index, column, value, s, time, zone);
    }

    RowLocation at(long epochMillis, ZoneId z) {
        return new RowLocation(file, text, block, index, column, value, series, epochMillis, z);
    }

    /**
     * {@code line L} of a text file, or {@code record N of the block at byte B} when it cannot be read again; {@code row N}
     * (of the block at byte B) of a Parquet file.
     */
    String line() {
        if (!text) {
            return "row " + index + (block == 0 ? "" : " of the block at byte " + block);
        }
        long line = SourceLines.lineOf(file, block, index);
        return line > 0 ? "line " + line : "record " + index + " of the block at byte " + block + " (file not readable again to count lines)";
    }

    /** {@code line L} when {@code other} is in the same file, else {@code file F, line L}. */
    String lineSeenFrom(RowLocation other) {
        return other != null && file.equals(other.file) ? line() : "file " + display(file) + ", " + line();
    }

    /** A file as Hadoop names it ({@code file:/data/a.csv}, {@code hdfs://nn/data/a.csv}), spaces and all, not URI-encoded. */
    static String display(String file) {
        try {
            return new org.apache.hadoop.fs.Path(java.net.URI.create(file)).toString();
        } catch (IllegalArgumentException e) {
            return file;
        }
    }

    /** {@code 2013-03-01 14:00 Asia/Shanghai (2013-03-01T06:00:00Z)}, or {@code 2020-01-01 01:00 UTC} in UTC. */
    static String time(long epochMillis, ZoneId zone) {
        Instant t = Instant.ofEpochMilli(epochMillis);
        String local = (epochMillis % 60_000 == 0 ? MINUTES : SECONDS).format(t.atZone(zone));
        boolean utc = zone.normalized().equals(ZoneOffset.UTC);
        return local + " " + zone.getId() + (utc ? "" : " (" + t + ")");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append("file ").append(display(file)).append(", ").append(line());
        }
        if (column != null) {
            b.append(b.length() == 0 ? "" : ", ").append("column '").append(column).append('\'');
        }
        if (value != null) {
            b.append(b.length() == 0 ? "" : ", ").append("value '").append(RecordShape.start(value)).append('\'');
        }
        if (series != null) {
            b.append(b.length() == 0 ? "" : ", ").append("series '").append(series).append('\'');
        }
        if (time != Long.MIN_VALUE) {
            b.append(b.length() == 0 ? "" : ", ").append("time ").append(time(time, zone));
        }
        return b.toString();
    }
}
