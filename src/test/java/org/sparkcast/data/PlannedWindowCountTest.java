package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepare} counts windows from the plan ({@link WindowPlan#cut}) instead of building them: the counts must be the
 * built windows' exactly. {@link #assertPlanCountsMatchBuilt} is also run on the generated and the real datasets.
 */
class PlannedWindowCountTest {
    @TempDir
    Path dir;

    /** The report's planned counts per split, then the same after building every window: equal, windows and steps. */
    static void assertPlanCountsMatchBuilt(PreparedData d) {
        RunReport planned = d.countWindows();
        long[][] counts = new long[Split.values().length][];
        for (Split s : Split.values()) {
            String section = "windows." + ConfigReader.configName(s);
            counts[s.ordinal()] = new long[] {planned.count(section, "windows"), planned.count(section, "steps")};
        }
        RunReport built = d.buildAndCountWindows();
        for (Split s : Split.values()) {
            String section = "windows." + ConfigReader.configName(s);
            assertArrayEquals(new long[] {built.count(section, "windows"), built.count(section, "steps")}, counts[s.ordinal()],
                    section + ": {windows, steps} from the plan against the built windows");
        }
    }

    /** Hand-counted: 2 lanes, k = 3, segments of 6, 2, 1 (no next target: skipped) and 5 steps on one partition. */
    @Test
    void cutWalksTheLanesAsTheSchedulerDoes() {
        List<SegmentRef> segments = List.of(new SegmentRef("a", 0, Split.TRAIN, 6), new SegmentRef("b", 0, Split.TRAIN, 2),
                new SegmentRef("c", 0, Split.TRAIN, 1), new SegmentRef("d", 0, Split.TRAIN, 5));
        WindowPlan plan = new WindowPlan(segments, 1, 3, 1);
        // the plan orders by windows (a and d: 2 each, in a seeded order; b: 1; c: 0). Two lanes: window 1 a(3) + d(3),
        // window 2 a(2) + d(1), window 3 b(1) on the first lane free, the other takes c (1 step: skipped), then nothing:
        // 3 windows, 10 steps. One lane: a 3 + 2, d 3 + 1, b 1: 5 windows, 10 steps
        assertArrayEquals(new long[] {3, 10}, plan.cut(3, 2));
        assertArrayEquals(new long[] {5, 10}, plan.cut(3, 1));
    }

    @Test
    void planCountsEqualBuiltWindowsOverManySegmentsLanesAndPartitions() {
        List<String> lines = new ArrayList<>(List.of("id,time,y"));
        for (int s = 0; s < 7; s++) {
            for (int h = 0; h < 40 + 9 * s; h++) {
                if (h % (11 + s) == 5) {
                    continue;                                                       // gaps longer than the fill: new segments
                }
                lines.add("s" + s + "," + String.format("2020-01-%02d %02d:00", 1 + h / 24, h % 24) + "," + (h * (s + 1) % 17));
            }
        }
        TinyData data = new TinyData(dir).file("many.csv", lines.toArray(new String[0]));
        for (String[] shape : new String[][] {{"1", "1", "2"}, {"3", "4", "5"}, {"2", "3", "7"}}) {
            PreparedData d = data.set("data.window.lanes", shape[0]).set("data.partitions", shape[1]).set("data.window.steps", shape[2])
                    .set("data.gap.max-steps", "0").set("data.split.train", "0.6").set("data.split.validation", "0.2").prepare();
            assertPlanCountsMatchBuilt(d);
            assertEquals(true, d.report().count("windows.train", "windows") > 0);
        }
    }
}
