package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each series' first and last time over every task's rows, in any order; a task's rows noted twice change nothing. */
class SeriesRangeAccumulatorTest {
    @Test
    void keepsEachSeriesFirstAndLastTimeOverTasksAndRepeats() {
        SeriesRangeAccumulator one = new SeriesRangeAccumulator();
        one.note("a", 50);
        one.note("a", 20);
        one.note("a", 70);
        one.note("b", 5);
        SeriesRangeAccumulator two = new SeriesRangeAccumulator();
        two.note("a", 90);
        two.note("c", 1);
        SeriesRangeAccumulator driver = new SeriesRangeAccumulator();
        driver.merge(one);
        driver.merge(two);
        driver.merge(one.copy()); // a stage run again
        assertEquals(3, driver.value().size());
        assertArrayEquals(new long[] {20, 90}, driver.value().get("a"));
        assertArrayEquals(new long[] {5, 5}, driver.value().get("b"));
        assertArrayEquals(new long[] {1, 1}, driver.value().get("c"));
    }
}
