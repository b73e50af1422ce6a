package org.sparkcast.data;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Stage 2, per series in time order (input: {@link RowParser}'s rows partitioned by series and sorted by
 * series, time, file position). Applies {@link Rule#DUPLICATE_TIME}, {@link Rule#OUT_OF_ORDER} (a row
 * earlier in time than a row before it in the same file), {@link Rule#OFF_GRID} (resampling a bucket by
 * mean or last), then gap filling (never across a split boundary) and segments ({@link GapBridge}, {@link SegmentSink}) and
 * {@link Rule#ALL_MISSING_SERIES}. Streams: memory does not grow with the length of a series.
 *
 * <p>Output: the steps in {@link StepBlock}s, each step {@code series, segment, time, v0..vN (finite), c0..cM, observed,
 * complete[, split]} — the columns of {@link #schema}, the rows {@link StepBlock#rows} gives;
 * {@code observed}: every target value of the step was read, not imputed (only such steps score forecasts);
 * {@code complete}: nothing of the step was imputed (only such steps can be forecast origins).
 */
public final class SeriesCleaner implements FlatMapFunction<Iterator<Row>, StepBlock> {
    private static final long serialVersionUID = 1L;

    private final DataConfig config;
    private final ProblemCounters counters;
    private final SplitBoundaries boundaries;
    private final List<String> files;

    /**
     * {@code boundaries}: gaps are never filled across them (see {@link GapBridge}); null for no splits. {@code files}: the
     * files read, by the index a parsed row carries ({@link SourceReader.Raw#files}).
     */
    public SeriesCleaner(DataConfig config, ProblemCounters counters, SplitBoundaries boundaries, List<String> files) {
        this.config = config;
        this.counters = counters;
        this.boundaries = boundaries;
        this.files = List.copyOf(files);
    }

    /** The cleaned steps of a cleaning without split boundaries (a forecast's). */
    public static StructType schema(DataConfig config) {
        return schema(config, false);
    }

    /** {@code split}: the steps end with their split's ordinal, {@code split} (a cleaning with split boundaries). */
    public static StructType schema(DataConfig config, boolean split) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("series", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("segment", DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField("time", DataTypes.LongType, false));
        for (int i = 0; i < config.features().numericColumns().size(); i++) {
            f.add(DataTypes.createStructField("v" + i, DataTypes.DoubleType, false));
        }
        for (int i = 0; i < config.features().categorical().size(); i++) {
            f.add(DataTypes.createStructField("c" + i, DataTypes.StringType, true));
        }
        f.add(DataTypes.createStructField("observed", DataTypes.BooleanType, false));
        f.add(DataTypes.createStructField("complete", DataTypes.BooleanType, false));
        if (split) {
            f.add(DataTypes.createStructField("split", DataTypes.IntegerType, false));
        }
        return DataTypes.createStructType(f);
    }

    /**
     * Index of the {@code complete} column in a cleaned row: nothing of the step was imputed, so nothing in it
     * or before it was filled from a later value (where a backtest may place a forecast origin).
     */
    public static int completeIndex(DataConfig config) {
        return observedIndex(config) + 1;
    }

    /** Index of the {@code observed} column in a cleaned row. */
    public static int observedIndex(DataConfig config) {
        return 3 + config.features().numericColumns().size() + config.features().categorical().size();
    }

    /** Start of grid bucket 0: local midnight of 1970-01-01 in the data's zone. */
    public static long gridOrigin(DataConfig config) {
        return LocalDate.of(1970, 1, 1).atStartOfDay(config.source().zoneId()).toInstant().toEpochMilli();
    }

    @Override
    public Iterator<StepBlock> call(Iterator<Row> input) {
        return new Cleaning(input);
    }

    private final class Cleaning implements Iterator<StepBlock> {
        private final Iterator<Row> input;
        private final ArrayDeque<StepBlock> out = new ArrayDeque<>();
        private final GapBridge gaps;
        private final SegmentSink sink;
        private final long origin = gridOrigin(config);
        private final long step = config.policy().stepMillis();
        private final int numeric = config.features().numericColumns().size();
        private final int categorical = config.features().categorical().size();
        private final Map<Integer, long[]> lastInFile = new HashMap<>();
        private final ZoneId zone = config.source().zoneId();
        private final boolean csv = config.source().format() == FileFormat.CSV;
        private String series;
        private long lastTime;
        private long firstTime;
        /** The series' newest row (its place names the row a duplicate repeats, or an all-missing series' last row). */
        private Row lastRow;
        private long bucket;
        private double[] sums;
        private int[] counts;
        private String[] cats;
        private int bucketRows;
        private boolean done;

        Cleaning(Iterator<Row> input) {
            this.input = input;
            this.sink = new SegmentSink(config, counters, out, origin, boundaries);
            this.gaps = new GapBridge(config.policy(), config.features().targets.size(), sink, counters,
                    boundaries, origin);
        }

        @Override
        public boolean hasNext() {
            while (out.isEmpty() && !done) {
                if (input.hasNext()) {
                    accept(input.next());
                } else {
                    finishSeries();
                    done = true;
                }
            }
            return !out.isEmpty();
        }

        @Override
        public StepBlock next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.poll();
        }

        private void accept(Row r) {
            String s = r.getString(0);
            if (!s.equals(series)) {
                finishSeries();
                startSeries(s);
            }
            long time = r.getLong(1);
            if (time == lastTime) {
                if (config.policy().action(Rule.DUPLICATE_TIME) == Action.ERROR) {
                    throw new InvalidDataException(where(r) + ": duplicate time (first at " + where(lastRow).lineSeenFrom(where(r)) + "); set "
                            + DataKeys.POLICY_PREFIX + Rule.DUPLICATE_TIME.configName() + "=drop to keep the first");
                }
                counters.add(Counter.ROWS_DUPLICATE_TIME, 1);
                counters.name(Rule.DUPLICATE_TIME.configName(), "rows", s, 1, time, time);
                return;
            }
            checkOrder(r, time);
            if (lastTime == Long.MIN_VALUE) {
                firstTime = time;
            }
            lastTime = time;
            lastRow = r;
            long offset = time - origin;
            long b = Math.floorDiv(offset, step);
            if (Math.floorMod(offset, step) != 0) {
                if (config.policy().action(Rule.OFF_GRID) == Action.ERROR) {
                    throw new InvalidDataException(where(r) + ": time off the " + config.policy().frequency + " grid (grid origin "
                            + RowLocation.time(origin, zone) + "); set " + DataKeys.POLICY_PREFIX
                            + Rule.OFF_GRID.configName() + "=resample to merge it into its bucket");
                }
                counters.add(Counter.ROWS_OFF_GRID, 1);
            }
            if (bucketRows > 0 && b != bucket) {
                flushBucket();
            } else if (bucketRows > 0) {
                counters.add(Counter.ROWS_MERGED, 1);
            }
            bucket = b;
            addToBucket(r);
        }

        private void checkOrder(Row r, long time) {
            long pos = r.getLong(2);
            long[] last = lastInFile.get(r.getInt(3));
            if (last != null && pos < last[0]) {
                if (config.policy().action(Rule.OUT_OF_ORDER) == Action.ERROR) {
                    RowLocation earlier = RowLocation.row(files.get(r.getInt(3)), csv, last[2], last[0] - last[2]);
                    throw new InvalidDataException(where(r) + ": rows out of time order: " + earlier.lineSeenFrom(where(r))
                            + ", written below it, has the earlier time " + RowLocation.time(last[1], zone) + "; set " + DataKeys.POLICY_PREFIX
                            + Rule.OUT_OF_ORDER.configName() + "=sort to accept");
                }
                counters.add(Counter.ROWS_SORTED, 1);
            } else {
                lastInFile.put(r.getInt(3), new long[] {pos, time, r.getLong(4)});
            }
        }

        /** The place of parsed row {@code r}, for a message (built only when one is written). */
        private RowLocation where(Row r) {
            SourceSpec src = config.source();
            return RowLocation.row(files.get(r.getInt(3)), csv, r.getLong(4), r.getLong(2) - r.getLong(4))
                    .column(String.join(",", src.timeSource == TimeSource.COLUMNS ? src.timeColumns : src.timeParts))
                    .inSeries(r.getString(0)).at(r.getLong(1), zone);
        }

        private void addToBucket(Row r) {
            boolean last = config.policy().resample == ResampleMethod.LAST;
            for (int i = 0; i < numeric; i++) {
                double v = r.getDouble(5 + i);
                if (Double.isFinite(v)) {
                    sums[i] = last ? v : sums[i] + v;
                    counts[i] = last ? 1 : counts[i] + 1;
                }
            }
            for (int j = 0; j < categorical; j++) {
                String c = r.getString(5 + numeric + j);
                if (c != null) {
                    cats[j] = c;
                }
            }
            bucketRows++;
        }

        private void flushBucket() {
            double[] v = new double[numeric];
            for (int i = 0; i < numeric; i++) {
                v[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
            }
            gaps.accept(new GridStep(bucket, v, cats.clone(), bucketRows, false));
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
            Arrays.fill(cats, null);
            bucketRows = 0;
        }

        private void startSeries(String s) {
            series = s;
            lastTime = Long.MIN_VALUE;
            lastInFile.clear();
            sums = new double[numeric];
            counts = new int[numeric];
            cats = new String[categorical];
            bucketRows = 0;
            gaps.startSeries(s);
            counters.add(Counter.SERIES_SEEN, 1);
        }

        private void finishSeries() {
            if (series == null) {
                return;
            }
            if (bucketRows > 0) {
                flushBucket();
            }
            if (gaps.finishSeries()) {
                if (sink.segmentsKept() == 0) {
                    counters.name("only-short-segments", "series", series, 1, firstTime, lastTime);
                }
            } else {
                if (config.policy().action(Rule.ALL_MISSING_SERIES) == Action.ERROR) {
                    throw new InvalidDataException("series '" + series + "' (rows from " + RowLocation.time(firstTime, zone) + " to "
                            + RowLocation.time(lastTime, zone) + ", last at " + where(lastRow).lineSeenFrom(null) + "): no step has every one of "
                            + config.features().numericColumns() + "; set " + DataKeys.POLICY_PREFIX
                            + Rule.ALL_MISSING_SERIES.configName() + "=drop to skip it");
                }
                counters.add(Counter.SERIES_ALL_MISSING, 1);
                counters.name("all-missing-series", "series", series, 1, firstTime, lastTime);
                counters.add(Counter.ROWS_ALL_MISSING_SERIES, gaps.incompleteRows());
            }
            sink.finishSeries();
            series = null;
        }
    }
}
