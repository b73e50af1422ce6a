package org.sparkcast.data;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Stage 1, per row in file order (runs in the scan's stage, so rows of a file block arrive in order):
 * checks and skips each CSV file's header line, applies {@link Rule#MALFORMED_ROW} (a record whose field
 * count differs from the header's, see {@link RecordShape}), then series key, time and numbers from
 * text. Applies {@link Rule#UNPARSABLE_NUMBER},
 * {@link Rule#NON_FINITE}, {@link Rule#OUT_OF_RANGE} and {@link Rule#UNPARSABLE_TIME}; skips blank rows (a CSV's trailing
 * {@code ;;;;} lines); counts everything. Missing numbers become NaN here and never leave
 * {@link SeriesCleaner}, which imputes or drops them. Every message names the place with a {@link RowLocation}.
 *
 * <p>Output: {@code series, time (epoch ms), pos (order in the file: block + index), file (its index in the files read), block (byte where the row's
 * file block starts), v0..vN (double), c0..cM (string)} — see {@link #schema}; {@code pos - block} is the row's index in
 * its block (1-based, header included), from which {@link RowLocation} finds the line.
 */
public final class RowParser implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final DataConfig config;
    private final List<String> columns;
    private final ProblemCounters counters;
    private final RecordShape shape;
    private final List<String> files;

    /**
     * {@code shape}: the CSV record shape {@link SourceReader#read} checked against, or null (Parquet); {@code files}: the
     * files as the raw rows name them ({@link SourceReader.Raw#files}): a parsed row carries its file's index in this list.
     */
    RowParser(DataConfig config, ProblemCounters counters, RecordShape shape, List<String> files) {
        this.config = config;
        this.columns = SourceReader.layout(config);
        this.counters = counters;
        this.shape = shape;
        this.files = List.copyOf(files);
    }

    public static StructType schema(DataConfig config) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("series", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("time", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("pos", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("file", DataTypes.IntegerType, false)); // index into the files read
        f.add(DataTypes.createStructField("block", DataTypes.LongType, false));
        for (int i = 0; i < config.features().numericColumns().size(); i++) {
            f.add(DataTypes.createStructField("v" + i, DataTypes.DoubleType, false));
        }
        for (int i = 0; i < config.features().categorical().size(); i++) {
            f.add(DataTypes.createStructField("c" + i, DataTypes.StringType, true));
        }
        return DataTypes.createStructType(f);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Parsing(input);
    }

    /** Lazily parses, skipping blank and dropped rows. */
    private final class Parsing implements Iterator<Row> {
        private final Iterator<Row> input;
        private final CellParser cells;
        private final SourceSpec src = config.source();
        private final int keyCols;
        private final int timeCols;
        private final int numCols = config.features().numericColumns().size();
        private final int catCols = config.features().categorical().size();
        private final double[] parsed = new double[1];
        /** Each read column's range, by its index in the raw row (looked up once, not per cell); null: none. */
        private final double[][] ranges = rangesByIndex();
        private String blockFile = "";
        private int fileIndex;
        private final java.util.Map<String, Integer> fileIndices = new java.util.HashMap<>();
        private long blockStart = -1;
        private final ZoneId zone = config.source().zoneId();
        private long index;
        /** Data rows (not blank) of the current block, to count files that hold only their header. */
        private long rowsInBlock;
        private boolean ended;
        /** Set by {@link #inRange} when {@link Rule#OUT_OF_RANGE} drops the current row. */
        private boolean dropRow;
        private boolean headerPending;
        private Row next;

        Parsing(Iterator<Row> input) {
            this.input = input;
            this.cells = new CellParser(src);
            this.keyCols = src.seriesSource == SeriesSource.COLUMNS ? src.seriesColumns.size() : 0;
            this.timeCols = src.timeSource == TimeSource.COLUMNS ? src.timeColumns.size() : src.timeParts.size();
        }

        @Override
        public boolean hasNext() {
            while (next == null && input.hasNext()) {
                next = parse(input.next());
            }
            if (next == null && !ended) {
                ended = true;
                endBlock();
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }

        private Row parse(Row raw) {
            String file = raw.getString(0);
            long block = raw.getLong(1);
            if (block != blockStart || !file.equals(blockFile)) {
                endBlock();
                rowsInBlock = 0;
                blockFile = file;
                fileIndex = indexOf(file);
                blockStart = block;
                index = 0;
                headerPending = shape != null && shape.header != null && block == 0;
            }
            index++;
            if (headerPending) {
                headerPending = false;
                checkHeader(raw);
                return null;
            }
            if (isBlank(raw)) {
                counters.add(Counter.ROWS_BLANK, 1);
                return null;
            }
            counters.add(Counter.ROWS_READ, 1);
            rowsInBlock++;
            String malformed = raw.getString(raw.length() - 1);
            if (malformed != null && !shape.accepts(shape.split(malformed))) {
                if (config.policy().action(Rule.MALFORMED_ROW) == Action.ERROR) {
                    throw new InvalidDataException(where() + ": malformed row: " + shape.split(malformed).size() + " fields where "
                            + (shape.header != null ? "the header of " : "the first record of ") + shape.firstFile + " has " + shape.fields + ": '" + RecordShape.start(malformed) + "'; set "
                            + DataKeys.POLICY_PREFIX + Rule.MALFORMED_ROW.configName() + "=drop to skip such rows");
                }
                counters.add(Counter.ROWS_MALFORMED, 1);
                return null;
            }
            String series = seriesKey(raw, file);
            long time = time(raw, series);
            if (time == Long.MIN_VALUE) {
                counters.add(Counter.ROWS_UNPARSABLE_TIME, 1);
                return null;
            }
            Object[] out = new Object[5 + numCols + catCols];
            out[0] = series;
            out[1] = time;
            out[2] = blockStart + index;
            out[3] = fileIndex;
            out[4] = blockStart;
            for (int i = 0; i < numCols; i++) {
                double v = number(raw, 2 + keyCols + timeCols + i, series, time);
                if (dropRow) {
                    dropRow = false;
                    counters.add(Counter.ROWS_OUT_OF_RANGE, 1);
                    return null;
                }
                out[5 + i] = v;
            }
            for (int j = 0; j < catCols; j++) {
                String c = raw.getString(2 + keyCols + timeCols + numCols + j);
                boolean missing = c == null || c.isBlank() || src.nullMarkers.contains(c.trim())
                        || src.columnNullMarkers.contains(columns.get(keyCols + timeCols + numCols + j) + ":" + c.trim());
                out[5 + numCols + j] = missing ? null : c.trim();
                counters.add(Counter.CELLS_CATEGORY_MISSING, missing ? 1 : 0);
            }
            counters.parsed(series, time);
            return RowFactory.create(out);
        }

        private int indexOf(String file) {
            if (fileIndices.isEmpty()) {
                for (int i = 0; i < files.size(); i++) {
                    fileIndices.put(files.get(i), i);
                }
            }
            Integer i = fileIndices.get(file);
            if (i == null) {
                throw new IllegalStateException("file " + file + " is not among the files Spark listed: " + files);
            }
            return i;
        }

        /** Counts the file just read if its first block held its header and no data row. */
        private void endBlock() {
            if (blockStart == 0 && index > 0 && rowsInBlock == 0 && shape != null && shape.header != null) {
                counters.add(Counter.FILES_WITHOUT_ROWS, 1);
            }
        }

        /** A file's own header line: the columns read carry the first file's names, and its field count is whole. */
        private void checkHeader(Row raw) {
            String malformed = raw.getString(raw.length() - 1);
            boolean same = malformed == null || shape.accepts(shape.split(malformed));
            List<String> found = new ArrayList<>();
            for (int i = 0; i < shape.header.size(); i++) {
                String h = raw.getString(2 + i);
                found.add(h == null ? "" : h);
                String expected = shape.header.get(i);
                same &= expected.equalsIgnoreCase(found.get(i)) || (h == null && expected.matches("_c\\d+"));
            }
            if (!same) {
                throw new InvalidDataException("cannot read file " + blockFile + ": its header differs from the first file's ("
                        + shape.firstFile + "): columns read " + found + " where " + shape.header + " are expected"
                        + (malformed == null ? "" : ", " + shape.split(malformed).size() + " fields where " + shape.fields + " are expected"));
            }
        }

        private boolean isBlank(Row raw) {
            for (int i = 2; i < raw.length() - 1; i++) {
                Object s = raw.get(i);
                if (s != null && !(s instanceof String text && text.isBlank())) {
                    return false;
                }
            }
            return true;
        }

        private String seriesKey(Row raw, String file) {
            if (keyCols == 0) {
                String name = file.substring(file.lastIndexOf('/') + 1);
                int dot = name.indexOf('.');
                return dot > 0 ? name.substring(0, dot) : name;
            }
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < keyCols; i++) {
                String s = raw.getString(2 + i);
                if (s == null || s.isBlank()) {
                    throw new InvalidDataException(where().column(columns.get(i)).value(s) + ": missing series key");
                }
                key.append(i == 0 ? "" : "|").append(s.trim());
            }
            return key.toString();
        }

        private long time(Row raw, String series) {
            List<String> parts = new ArrayList<>(timeCols);
            for (int i = 0; i < timeCols; i++) {
                parts.add(raw.getString(2 + keyCols + i));
            }
            long t = Long.MIN_VALUE;
            if (!parts.contains(null)) {
                t = src.timeSource == TimeSource.COLUMNS ? cells.parseTime(String.join(" ", parts)) : cells.parseParts(parts);
            }
            if (t == Long.MIN_VALUE && config.policy().action(Rule.UNPARSABLE_TIME) == Action.ERROR) {
                List<String> text = new ArrayList<>();
                parts.forEach(x -> text.add(x == null ? "" : x));
                throw new InvalidDataException(where().column(String.join(",", columns.subList(keyCols, keyCols + timeCols)))
                        .value(String.join(src.timeSource == TimeSource.COLUMNS ? " " : ",", text)).inSeries(series)
                        + ": unparsable time (" + (src.timeSource == TimeSource.COLUMNS ? "pattern '" + src.timePattern + "'" : "integer parts")
                        + ", zone " + src.zone + "); set " + DataKeys.POLICY_PREFIX + Rule.UNPARSABLE_TIME.configName() + "=drop to skip such rows");
            }
            return t;
        }

        private double number(Row raw, int index, String series, long time) {
            Object cell = raw.get(index); // text, or a double from a typed Parquet column
            CellParser.Kind kind = cell instanceof Double d ? cells.typedNumber(d, columns.get(index - 2), parsed)
                    : cells.parseNumber((String) cell, columns.get(index - 2), parsed);
            switch (kind) {
                case NUMBER:
                    return inRange(index, series, time, cell, parsed[0]);
                case MISSING:
                    counters.add(Counter.CELLS_MISSING, 1);
                    return Double.NaN;
                case UNPARSABLE:
                    return refuse(Rule.UNPARSABLE_NUMBER, Counter.CELLS_UNPARSABLE, index, series, time, cell, "unparsable number");
                default:
                    return refuse(Rule.NON_FINITE, Counter.CELLS_NON_FINITE, index, series, time, cell, "non-finite number");
            }
        }

        private double refuse(Rule rule, Counter counter, int index, String series, long time, Object cell, String what) {
            if (config.policy().action(rule) == Action.ERROR) {
                throw new InvalidDataException(cell(index, series, time, cell) + ": " + what + " (decimal mark '"
                        + src.decimalMark + "'); set " + DataKeys.POLICY_PREFIX + rule.configName() + "=missing to treat it as missing");
            }
            counters.add(counter, 1);
            counters.name(rule.configName() + " " + columns.get(index - 2), "cells", series, 1, time, time);
            return Double.NaN;
        }

        /** {@code v} if inside its column's range; else per {@link Rule#OUT_OF_RANGE}: an error, or NaN (and {@link #dropRow} set under DROP). */
        private double inRange(int index, String series, long time, Object cell, double v) {
            double[] range = ranges[index];
            if (range == null || (v >= range[0] && v <= range[1])) {
                return v;
            }
            String column = columns.get(index - 2);
            Action a = config.policy().action(Rule.OUT_OF_RANGE);
            String reason = Rule.OUT_OF_RANGE.configName();
            if (a == Action.ERROR) {
                throw new InvalidDataException(cell(index, series, time, cell) + ": value out of range: " + v + " is "
                        + (v < range[0] ? "below" : "above") + " " + DataKeys.RANGE_PREFIX + column + "="
                        + config.ranges().text(column) + "; fix the value, widen the range, or set " + DataKeys.POLICY_PREFIX
                        + reason + "=missing (impute it) or =drop (drop the row)");
            }
            counters.add(Counter.CELLS_OUT_OF_RANGE, a == Action.DROP ? 0 : 1);
            counters.name(reason + " " + column, a == Action.DROP ? "rows" : "cells", series, 1, time, time);
            dropRow = a == Action.DROP;
            return Double.NaN;
        }

        private double[][] rangesByIndex() {
            double[][] byIndex = new double[2 + columns.size()][];
            for (int i = 0; i < columns.size(); i++) {
                byIndex[2 + i] = config.ranges().of(columns.get(i));
            }
            return byIndex;
        }

        /** The place of the current row. */
        private RowLocation where() {
            return RowLocation.row(blockFile, shape != null, blockStart, index);
        }

        /** The place of one cell of the current row: column, raw value, series and time. */
        private RowLocation cell(int index, String series, long time, Object cell) {
            return where().column(columns.get(index - 2)).value(cell == null ? null : String.valueOf(cell)).inSeries(series).at(time, zone);
        }
    }
}
