package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-series rules on hand-written CSVs: duplicates, order, grid, gaps, segments, series-level drops. */
class SeriesCleaningTest {
    @TempDir
    Path dir;

    private TinyData tiny(String... rows) {
        String[] lines = new String[rows.length + 1];
        lines[0] = "id,time,y";
        System.arraycopy(rows, 0, lines, 1, rows.length);
        return new TinyData(dir).file("a.csv", lines);
    }

    /** "series#segment HH:mm=value" per kept step, in order. */
    static List<String> steps(PreparedData d) {
        List<String> out = new ArrayList<>();
        for (Row r : d.steps().orderBy("series", "time").collectAsList()) {
            String hm = Instant.ofEpochMilli(r.getLong(2)).toString().substring(11, 16);
            out.add(r.getString(0) + "#" + r.getInt(1) + " " + hm + "=" + r.getDouble(3));
        }
        return out;
    }

    @Test
    void duplicateTimeIsAnErrorNamingBothLines() {
        TinyData t = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2", "a,2020-01-01 01:00,9");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 4, column 'time', series 'a', time 2020-01-01 01:00 UTC: "
                + "duplicate time \\(first at line 3\\); set data\\.policy\\.duplicate-time=drop to keep the first"), m);
    }

    @Test
    void duplicateTimeDropKeepsTheFirstInFileOrder() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2", "a,2020-01-01 01:00,9")
                .set("data.policy.duplicate-time", "drop").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0"), steps(d));
        assertEquals(1, d.report().count("rows.dropped", "duplicate-time"));
    }

    @Test
    void outOfOrderRowsAreSortedAndCountedByDefault() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 02:00,3", "a,2020-01-01 01:00,2").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0", "a#0 02:00=3.0"), steps(d));
        assertEquals(1, d.report().count("rows", "out-of-order-sorted"));
    }

    @Test
    void outOfOrderRowIsAnErrorWhenPolicySaysSo() {
        TinyData t = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 02:00,3", "a,2020-01-01 01:00,2")
                .set("data.policy.out-of-order", "error");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3, column 'time', series 'a', time 2020-01-01 02:00 UTC: rows out of time order: "
                + "line 4, written below it, has the earlier time 2020-01-01 01:00 UTC; set data.policy.out-of-order=sort to accept"), m);
    }

    @Test
    void offGridTimeIsAnErrorByDefault() {
        TinyData t = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 00:30,5", "a,2020-01-01 01:00,2");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3, column 'time', series 'a', time 2020-01-01 00:30 UTC: "
                + "time off the 1h grid \\(grid origin 1970-01-01 00:00 UTC\\); set data\\.policy\\.off-grid=resample .*"), m);
    }

    @Test
    void offGridRowsResampleByMeanWithinTheirBucket() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 00:30,5", "a,2020-01-01 01:00,2")
                .set("data.policy.off-grid", "resample").prepare();
        assertEquals(List.of("a#0 00:00=3.0", "a#0 01:00=2.0"), steps(d));
        assertEquals(1, d.report().count("rows", "off-grid-resampled"));
        assertEquals(1, d.report().count("rows", "merged-into-bucket"));
    }

    @Test
    void offGridRowsResampleByLastWithinTheirBucket() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 00:30,5", "a,2020-01-01 01:00,2")
                .set("data.policy.off-grid", "resample").set("data.resample", "last").prepare();
        assertEquals(List.of("a#0 00:00=5.0", "a#0 01:00=2.0"), steps(d));
    }

    @Test
    void gapUpToMaxIsLinearlyInterpolated() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,NA", "a,2020-01-01 03:00,7").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=3.0", "a#0 02:00=5.0", "a#0 03:00=7.0"), steps(d));
        assertEquals(2, d.report().count("steps", "imputed"));
        assertEquals(1, d.report().count("cells", "missing-marker"));
    }

    @Test
    void stepIsObservedOnlyWhenEveryTargetWasReadNotImputed() {
        PreparedData d = new TinyData(dir).file("a.csv", "id,time,y,temp", "a,2020-01-01 00:00,1,10",
                "a,2020-01-01 01:00,NA,11", "a,2020-01-01 02:00,4,NA", "a,2020-01-01 03:00,7,13")
                .set("data.columns.past", "temp").prepare();
        int observed = SeriesCleaner.observedIndex(d.config());
        List<Boolean> flags = new ArrayList<>();
        for (Row r : d.steps().orderBy("series", "time").collectAsList()) {
            flags.add(r.getBoolean(observed));
        }
        // 01:00 lost its target (imputed: not observed); 02:00 lost only the past covariate (target observed)
        assertEquals(List.of(true, false, true, true), flags);
        assertEquals(2, d.report().count("steps", "imputed"));
    }

    @Test
    void gapUpToMaxIsForwardFilled() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 03:00,7").set("data.gap.fill", "forward").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=1.0", "a#0 02:00=1.0", "a#0 03:00=7.0"), steps(d));
    }

    @Test
    void gapLongerThanMaxSplitsTheSeriesIntoSegments() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2", "a,2020-01-01 02:00,NA",
                "a,2020-01-01 05:00,5", "a,2020-01-01 06:00,6").set("data.gap.max-steps", "2").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0", "a#1 05:00=5.0", "a#1 06:00=6.0"), steps(d));
        RunReport r = d.report();
        assertEquals(3, r.count("steps.dropped", "gap-too-long"));
        assertEquals(1, r.count("rows.dropped", "incomplete-outside-fillable-gap"));
        assertEquals(1, r.count("segments", "gaps-split"));
        assertEquals(2, r.count("segments", "kept"));
        assertEquals(4, r.count("rows", "kept"));
    }

    @Test
    void segmentShorterThanOneWindowIsDroppedAndCounted() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2", "a,2020-01-01 02:00,3",
                "a,2020-01-01 09:00,9").set("data.segment.min-steps", "3").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0", "a#0 02:00=3.0"), steps(d));
        assertEquals(1, d.report().count("segments", "dropped-short"));
        assertEquals(1, d.report().count("steps.dropped", "short-segment"));
    }

    @Test
    void segmentShorterThanOneWindowIsAnErrorWhenPolicySaysSo() {
        TinyData t = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2").set("data.segment.min-steps", "0")
                .set("data.window.steps", "4").set("data.policy.short-segment", "error");
        assertEquals("series 'a', segment from 2020-01-01 00:00 UTC to 2020-01-01 01:00 UTC: 2 steps, shorter than one window "
                + "(min 5 steps, data.segment.min-steps or data.window.steps + 1); set data.policy.short-segment=drop or keep",
                assertThrows(InvalidDataException.class, t::prepare).getMessage());
    }

    @Test
    void allMissingSeriesIsDroppedAndCounted() {
        PreparedData d = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2", "b,2020-01-01 00:00,NA", "b,2020-01-01 01:00,").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0"), steps(d));
        assertEquals(1, d.report().count("series.dropped", "all-missing-series"));
        assertEquals(2, d.report().count("rows.dropped", "all-missing-series"));
        assertEquals(1, d.report().count("series", "kept"));
    }

    @Test
    void constantSeriesIsDroppedOrAnError() {
        TinyData t = tiny("a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2", "b,2020-01-01 00:00,4", "b,2020-01-01 01:00,4");
        RunReport r = t.prepare().report();
        assertEquals(1, r.count("series.dropped", "constant-series"));
        assertEquals(2, r.count("steps.dropped", "constant-series"));
        assertEquals(1, r.count("series", "kept"));
        t.set("data.policy.constant-series", "error");
        assertEquals("series 'b': target 'y' is constant (4.0) over its training range; set data.policy.constant-series=drop or keep",
                assertThrows(InvalidDataException.class, t::prepare).getMessage());
    }

    @Test
    void seriesKeyCanBeTheFileName() {
        TinyData t = new TinyData(dir).file("station-one.csv", "time,y", "2020-01-01 00:00,1", "2020-01-01 01:00,2")
                .file("station-two.csv", "time,y", "2020-01-01 00:00,3", "2020-01-01 01:00,4")
                .set("data.series.source", "file-name").set("data.series.columns", "");
        assertEquals(List.of("station-one#0 00:00=1.0", "station-one#0 01:00=2.0", "station-two#0 00:00=3.0", "station-two#0 01:00=4.0"),
                steps(t.prepare()));
    }

    @Test
    void timeComposedFromYearMonthDayHourParts() {
        TinyData t = new TinyData(dir).file("a.csv", "id,year,month,day,hour,y", "a,2020,1,1,0,1", "a,2020,1,1,1,2")
                .set("data.time.source", "parts").set("data.time.parts", "year,month,day,hour");
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0"), steps(t.prepare()));
    }

    @Test
    void seriesKeyCanBeSeveralColumns() {
        TinyData t = new TinyData(dir).file("a.csv", "site,sensor,time,y", "x,1,2020-01-01 00:00,1", "x,1,2020-01-01 01:00,2",
                "x,2,2020-01-01 00:00,3", "x,2,2020-01-01 01:00,4").set("data.series.columns", "site,sensor");
        assertEquals(List.of("x|1#0 00:00=1.0", "x|1#0 01:00=2.0", "x|2#0 00:00=3.0", "x|2#0 01:00=4.0"), steps(t.prepare()));
    }
}
