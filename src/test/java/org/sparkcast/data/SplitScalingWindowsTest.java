package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through Spark: time-based splits, scaling fitted on the training range only, and exact windows. */
class SplitScalingWindowsTest {
    @TempDir
    Path dir;

    private TinyData tenHours() {
        List<String> lines = new ArrayList<>(List.of("id,time,y"));
        for (int h = 0; h < 10; h++) {
            lines.add("a," + String.format("2020-01-01 %02d:00", h) + "," + (h + 1));
        }
        return new TinyData(dir).file("a.csv", lines.toArray(new String[0]));
    }

    @Test
    void fractionSplitIsPerSeriesInTime() {
        PreparedData d = tenHours().set("data.split.train", "0.6").set("data.split.validation", "0.2").prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0", "a#0 02:00=3.0", "a#0 03:00=4.0", "a#0 04:00=5.0", "a#0 05:00=6.0",
                "a#0 06:00=7.0", "a#0 07:00=8.0", "a#0 08:00=9.0", "a#0 09:00=10.0"), SeriesCleaningTest.steps(d));
        RunReport r = d.countWindows();
        // 6 train steps -> 5 pairs -> 3 windows of k=2; 2 validation steps -> 1 pair -> 1 window; same for test
        assertEquals(3, r.count("windows.train", "windows"));
        assertEquals(5, r.count("windows.train", "steps"));
        assertEquals(1, r.count("windows.validation", "windows"));
        assertEquals(1, r.count("windows.test", "steps"));
    }

    @Test
    void dateSplitUsesTheSameInstantsForEverySeries() {
        RunReport r = tenHours().set("data.split.mode", "dates").set("data.split.train-end", "2020-01-01T04:00")
                .set("data.split.validation-end", "2020-01-01T07:00").prepare().countWindows();
        assertEquals(3, r.count("windows.train", "steps"));
        assertEquals(2, r.count("windows.validation", "steps"));
        assertEquals(2, r.count("windows.test", "steps"));
    }

    @Test
    void zScoreIsFittedOnTheTrainingRangeOnlyAndInverts() {
        PreparedData d = tenHours().set("data.split.train", "0.4").set("data.split.validation", "0.3").set("data.scaling", "z-score").prepare();
        // train = 1, 2, 3, 4: mean 2.5, population std sqrt(1.25)
        double std = Math.sqrt(1.25);
        assertEquals(2.5, d.scaler().invert("a", 0, 0), 1e-12);
        assertEquals(2.5 + std, d.scaler().invert("a", 0, 1), 1e-12);
        WindowBlock w = d.windows(Split.TEST).collect().get(0);
        // test = 8, 9, 10: first input is scaled 8
        assertEquals((float) ((8 - 2.5) / std), w.x[0], 1e-6f);
        assertEquals((float) ((9 - 2.5) / std), w.y[0], 1e-6f);
    }

    @Test
    void minMaxIsFittedOnTheTrainingRangeOnly() {
        PreparedData d = tenHours().set("data.split.train", "0.5").set("data.split.validation", "0").set("data.scaling", "min-max").prepare();
        // train = 1..5: offset 1, scale 4
        assertEquals(1.0, d.scaler().invert("a", 0, 0), 1e-12);
        assertEquals(5.0, d.scaler().invert("a", 0, 1), 1e-12);
    }

    @Test
    void windowsThroughSparkMatchTheLaneLayout() {
        TinyData t = new TinyData(dir).file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2",
                "a,2020-01-01 02:00,3", "a,2020-01-01 03:00,4", "a,2020-01-01 04:00,5",
                "b,2020-01-01 00:00,10", "b,2020-01-01 01:00,11", "b,2020-01-01 02:00,12");
        List<WindowBlock> w = t.prepare().windows(Split.TRAIN).collect();
        assertEquals(2, w.size());
        assertArrayEquals(new float[] {1, 10, 2, 11}, w.get(0).x);
        assertArrayEquals(new float[] {2, 11, 3, 12}, w.get(0).y);
        assertArrayEquals(new boolean[] {true, true}, w.get(0).reset);
        assertArrayEquals(new float[] {3, 0, 4, 0}, w.get(1).x);
        assertArrayEquals(new float[] {1, 0, 1, 0}, w.get(1).mask);
    }

    @Test
    void calendarAndOneHotCategoriesAreInputFeatures() {
        TinyData t = new TinyData(dir).file("a.csv", "id,time,y,wd", "a,2020-01-01 00:00,1,N", "a,2020-01-01 06:00,2,NA",
                "a,2020-01-01 12:00,3,SE").set("data.columns.categorical", "wd").set("data.columns.calendar", "hour-of-day")
                .set("data.frequency", "6h").set("data.window.lanes", "1");
        PreparedData d = t.prepare();
        assertEquals(List.of("y", "hour-of-day-sin", "hour-of-day-cos", "wd=N", "wd=SE"), d.layout().names());
        WindowBlock w = d.windows(Split.TRAIN).collect().get(0);
        // step 0: y=1, calendar of 06:00 (the next step: sin 90deg = 1, cos = 0), wd=N
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 2, 0, -1, 0, 0}, w.x, 1e-6f);
    }

    @Test
    void theCleaningsTaskCountChangesNoStepWindowOrScaling() {
        List<String> lines = new java.util.ArrayList<>(List.of("id,time,y"));
        for (String id : List.of("a", "b", "c", "d", "e")) {
            for (int t = 0; t < 30; t++) {
                if (!(id.equals("c") && t == 12)) { // one gap, imputed
                    lines.add(id + ",2020-01-0" + (1 + t / 24) + " " + String.format("%02d", t % 24) + ":00," + (t * 3 % 7 + id.charAt(0)));
                }
            }
        }
        TinyData t = new TinyData(dir).file("a.csv", lines.toArray(new String[0])).set("data.partitions", "2")
                .set("data.split.train", "0.6").set("data.split.validation", "0.2").set("data.scaling", "z-score");
        PreparedData one = t.set("data.cleaning.partitions", "1").prepare();
        PreparedData five = t.set("data.cleaning.partitions", "5").prepare();
        assertEquals(1, one.steps().javaRDD().getNumPartitions());
        assertEquals(5, five.steps().javaRDD().getNumPartitions());
        assertEquals(RunReport.json(one.scaler().describe()), RunReport.json(five.scaler().describe()));
        for (String section : List.of("rows", "steps", "series", "segments")) {
            assertEquals(one.report().section(section), five.report().section(section), section);
        }
        for (Split s : Split.values()) {
            List<WindowBlock> a = one.windows(s).collect();
            List<WindowBlock> b = five.windows(s).collect();
            assertEquals(a.size(), b.size(), s.toString());
            assertTrue(a.size() > 0, s + " has windows");
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).partition, b.get(i).partition);
                assertArrayEquals(a.get(i).x, b.get(i).x, s + " window " + i);
                assertArrayEquals(a.get(i).mask, b.get(i).mask, s + " window " + i);
            }
        }
    }

    @Test
    void sameConfigAndDataGiveIdenticalWindows() {
        TinyData t = new TinyData(dir).file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2",
                "a,2020-01-01 02:00,3", "b,2020-01-01 00:00,5", "b,2020-01-01 01:00,6", "c,2020-01-01 00:00,8",
                "c,2020-01-01 01:00,9", "c,2020-01-01 02:00,7", "c,2020-01-01 03:00,6").set("data.partitions", "2");
        List<WindowBlock> a = t.prepare().windows(Split.TRAIN).collect();
        List<WindowBlock> b = t.prepare().windows(Split.TRAIN).collect();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).partition, b.get(i).partition);
            assertEquals(a.get(i).index, b.get(i).index);
            assertArrayEquals(a.get(i).x, b.get(i).x, "window " + i);
            assertArrayEquals(a.get(i).mask, b.get(i).mask, "window " + i);
        }
    }

    @Test
    void seriesWithoutTrainingRangeIsDroppedUnderPerSeriesScaling() {
        RunReport r = new TinyData(dir).file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2",
                "b,2020-01-02 00:00,5", "b,2020-01-02 01:00,6").set("data.split.mode", "dates")
                .set("data.split.train-end", "2020-01-01T12:00").set("data.split.validation-end", "2020-01-03T00:00")
                .set("data.scaling", "z-score").prepare().report();
        assertEquals(1, r.count("series.dropped", "no-training-range"));
        assertEquals(2, r.count("steps.dropped", "no-training-range"));
        assertEquals(1, r.count("series", "kept"));
    }

    @Test
    void indexEncodingGivesOneColumnWithLevelNumbersAndZeroForMissing() {
        TinyData t = new TinyData(dir).file("a.csv", "id,time,y,wd", "a,2020-01-01 00:00,1,S", "a,2020-01-01 01:00,2,",
                "a,2020-01-01 02:00,3,N").set("data.columns.categorical", "wd").set("data.categorical.encoding", "index")
                .set("data.window.lanes", "1");
        PreparedData d = t.prepare();
        assertEquals(List.of("y", "wd"), d.layout().names());
        assertEquals(1, d.report().count("cells", "category-missing"));
        // levels [N, S]: S is 2, missing 0 (a category is not imputed)
        assertArrayEquals(new float[] {1, 2, 2, 0}, d.windows(Split.TRAIN).collect().get(0).x);
    }

    @Test
    void gapStraddlingTheTrainValidationBoundaryIsCutNotImputedFromTheOtherSide() {
        // train ends at 04:00: the gap 03:00-04:00 lies between 02:00 (train) and 05:00 (validation), so it is not filled
        // (linear filling would put 5 and 7 at 03:00 and 04:00: the validation value 9 leaking into the training range);
        // the gap at 06:00 lies inside validation and is filled as always
        TinyData t = new TinyData(dir).file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2",
                "a,2020-01-01 02:00,3", "a,2020-01-01 03:00,NA", "a,2020-01-01 05:00,9", "a,2020-01-01 06:00,NA",
                "a,2020-01-01 07:00,11", "a,2020-01-01 08:00,12", "a,2020-01-01 09:00,14")
                .set("data.split.mode", "dates").set("data.split.train-end", "2020-01-01T04:00")
                .set("data.split.validation-end", "2020-01-01T09:00").set("data.scaling", "z-score");
        PreparedData d = t.prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0", "a#0 02:00=3.0", "a#1 05:00=9.0", "a#1 06:00=10.0",
                "a#1 07:00=11.0", "a#1 08:00=12.0", "a#1 09:00=14.0"), SeriesCleaningTest.steps(d));
        RunReport r = d.report();
        assertEquals(2, r.count("steps.dropped", "gap-at-split-boundary"));
        assertEquals(1, r.count("segments", "gaps-cut-at-split-boundary"));
        assertEquals(1, r.count("steps", "imputed"));
        assertEquals(1, r.count("rows.dropped", "incomplete-outside-fillable-gap"));
        // z-score fitted on 1, 2, 3 only: mean 2, population std sqrt(2/3)
        assertEquals(2.0, d.scaler().invert("a", 0, 0), 1e-12);
        assertEquals(2.0 + Math.sqrt(2.0 / 3), d.scaler().invert("a", 0, 1), 1e-12);
        // forward fill is cut the same way: one rule for every fill method, each split's steps come from its own values
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0", "a#0 02:00=3.0", "a#1 05:00=9.0", "a#1 06:00=9.0",
                "a#1 07:00=11.0", "a#1 08:00=12.0", "a#1 09:00=14.0"), SeriesCleaningTest.steps(t.set("data.gap.fill", "forward").prepare()));
    }

    @Test
    void gapStraddlingTheValidationTestBoundaryIsCutInFractionMode() {
        // 10 hours, train 0.5, validation 0.3: validation starts at 05:00 and test at 08:00 (of the parsed range 00:00-09:00);
        // 07:00 is missing between 06:00 (validation) and 08:00 (test), so it is cut, not interpolated from the test value
        TinyData t = new TinyData(dir).file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2",
                "a,2020-01-01 02:00,3", "a,2020-01-01 03:00,4", "a,2020-01-01 04:00,5", "a,2020-01-01 05:00,6",
                "a,2020-01-01 06:00,7", "a,2020-01-01 08:00,20", "a,2020-01-01 09:00,21")
                .set("data.split.train", "0.5").set("data.split.validation", "0.3");
        PreparedData d = t.prepare();
        assertEquals(List.of("a#0 00:00=1.0", "a#0 01:00=2.0", "a#0 02:00=3.0", "a#0 03:00=4.0", "a#0 04:00=5.0",
                "a#0 05:00=6.0", "a#0 06:00=7.0", "a#1 08:00=20.0", "a#1 09:00=21.0"), SeriesCleaningTest.steps(d));
        assertEquals(1, d.report().count("steps.dropped", "gap-at-split-boundary"));
        assertEquals(0, d.report().count("steps", "imputed"));
    }

    @Test
    void categoricalLevelsComeFromTheTrainingRangeAndUnseenLevelsEncodeAsMissing() {
        // train = 00:00-01:00 (N, S); E appears only in validation and W only in test: neither is a level
        TinyData t = new TinyData(dir).file("a.csv", "id,time,y,wd", "a,2020-01-01 00:00,1,N", "a,2020-01-01 01:00,2,S",
                "a,2020-01-01 02:00,3,E", "a,2020-01-01 03:00,4,N", "a,2020-01-01 04:00,5,W", "a,2020-01-01 05:00,6,S")
                .set("data.columns.categorical", "wd").set("data.window.lanes", "1").set("data.split.mode", "dates")
                .set("data.split.train-end", "2020-01-01T02:00").set("data.split.validation-end", "2020-01-01T04:00");
        PreparedData d = t.prepare();
        assertEquals(List.of(List.of("N", "S")), d.layout().levels());
        assertEquals(List.of("y", "wd=N", "wd=S"), d.layout().names());
        assertEquals(2, d.report().count("cells", "category-unseen"));
        // validation: one pair (02:00 -> 03:00) in a window of k=2: 02:00 with E is all zero, then the padded step
        assertArrayEquals(new float[] {3, 0, 0, 0, 0, 0}, d.windows(Split.VALIDATION).collect().get(0).x);
        // index encoding: W in test is 0, like a missing value; S is 2
        PreparedData i = t.set("data.categorical.encoding", "index").prepare();
        assertArrayEquals(new float[] {5, 0, 0, 0}, i.windows(Split.TEST).collect().get(0).x);
    }
}
