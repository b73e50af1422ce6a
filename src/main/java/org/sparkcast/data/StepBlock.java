package org.sparkcast.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Up to {@link #CAPACITY} consecutive cleaned steps of one series, column by column in primitive arrays: what the
 * cleaning persists (a series of many steps is several blocks, consecutive within its partition, so nothing holds more
 * than one block). Shape legend: n = {@code size} steps, N = numeric columns, M = categorical columns.
 *
 * <ul>
 *   <li>{@code segment [n]}, {@code time [n]}: the step's segment number within the series and its grid time;</li>
 *   <li>{@code values [n][N]} (step-major): the finite numeric values;</li>
 *   <li>{@code categories [n][M]}: an index into {@code levels}, the block's own dictionary of the values it holds, or
 *       -1 where the value is missing;</li>
 *   <li>{@code observed [n]}, {@code complete [n]}: as {@link SeriesCleaner#schema} describes;</li>
 *   <li>{@code split [n]}: the step's {@link Split} ordinal, or null for a cleaning without split boundaries.</li>
 * </ul>
 *
 * <p>A plain final class (not a record) because Spark's bundled Kryo ships it.
 */
public final class StepBlock {
    /** Steps per block at most (about 170 KB with three numeric columns). */
    static final int CAPACITY = 4096;

    public String series;
    public int size;
    public int numeric;
    public int categorical;
    public int[] segment;
    public long[] time;
    public double[] values;
    public int[] categories;
    public String[] levels;
    public boolean[] observed;
    public boolean[] complete;
    public byte[] split;

    /** For Kryo. */
    public StepBlock() {
    }

    /** The steps as rows of {@link SeriesCleaner#schema} (with the split column where the block has one). */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            Object[] row = new Object[5 + numeric + categorical + (split == null ? 0 : 1)];
            row[0] = series;
            row[1] = segment[k];
            row[2] = time[k];
            for (int i = 0; i < numeric; i++) {
                row[3 + i] = values[k * numeric + i];
            }
            for (int j = 0; j < categorical; j++) {
                row[3 + numeric + j] = category(k, j);
            }
            row[3 + numeric + categorical] = observed[k];
            row[4 + numeric + categorical] = complete[k];
            if (split != null) {
                row[5 + numeric + categorical] = (int) split[k];
            }
            rows.add(RowFactory.create(row));
        }
        return rows;
    }

    /** Categorical value {@code j} of step {@code k}, or null where missing. */
    String category(int k, int j) {
        int c = categories[k * categorical + j];
        return c < 0 ? null : levels[c];
    }

    /** Fills one series' blocks step by step; {@link #take} hands out the block so far and starts the next. */
    static final class Builder {
        private final int numeric;
        private final int categorical;
        private final boolean withSplit;
        private final Map<String, Integer> codes = new HashMap<>();
        private StepBlock block;

        Builder(int numeric, int categorical, boolean withSplit) {
            this.numeric = numeric;
            this.categorical = categorical;
            this.withSplit = withSplit;
        }

        /** Appends a step of {@code series}; the caller takes the block when {@link #full}. */
        void add(String series, int segment, long time, double[] values, String[] categories, boolean observed, boolean complete,
                 int split) {
            if (block == null) {
                start(series);
            }
            StepBlock b = block;
            int k = b.size++;
            b.segment[k] = segment;
            b.time[k] = time;
            System.arraycopy(values, 0, b.values, k * numeric, numeric);
            for (int j = 0; j < categorical; j++) {
                b.categories[k * categorical + j] = categories[j] == null ? -1 : codes.computeIfAbsent(categories[j], v -> codes.size());
            }
            b.observed[k] = observed;
            b.complete[k] = complete;
            if (withSplit) {
                b.split[k] = (byte) split;
            }
        }

        boolean full() {
            return block != null && block.size == CAPACITY;
        }

        /** The block so far, its arrays cut to its size (null if it holds no step); the next step starts a new one. */
        StepBlock take() {
            StepBlock b = block;
            block = null;
            if (b == null) {
                return null;
            }
            int n = b.size;
            b.segment = Arrays.copyOf(b.segment, n);
            b.time = Arrays.copyOf(b.time, n);
            b.values = Arrays.copyOf(b.values, n * numeric);
            b.categories = Arrays.copyOf(b.categories, n * categorical);
            b.observed = Arrays.copyOf(b.observed, n);
            b.complete = Arrays.copyOf(b.complete, n);
            b.split = b.split == null ? null : Arrays.copyOf(b.split, n);
            b.levels = new String[codes.size()];
            codes.forEach((v, c) -> b.levels[c] = v);
            codes.clear();
            return b;
        }

        private void start(String series) {
            block = new StepBlock();
            block.series = series;
            block.numeric = numeric;
            block.categorical = categorical;
            block.segment = new int[CAPACITY];
            block.time = new long[CAPACITY];
            block.values = new double[CAPACITY * numeric];
            block.categories = new int[CAPACITY * categorical];
            block.observed = new boolean[CAPACITY];
            block.complete = new boolean[CAPACITY];
            block.split = withSplit ? new byte[CAPACITY] : null;
        }
    }
}
