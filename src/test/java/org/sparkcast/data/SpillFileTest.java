package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/** The window spill file lives in Spark's local directories and never outlives a failure. */
class SpillFileTest {
    /** Spill files currently in the block manager's local directories. */
    static List<File> spills() {
        return CollectionConverters.asJava(SparkEnv.get().blockManager().diskBlockManager().getAllFiles()).stream()
                .filter(f -> f.getName().startsWith("temp_local_")).toList();
    }

    /** {@code good} rows of width 2, then an exception (after checking that the spill file is in a Spark local directory). */
    static final class FailingRows implements Iterator<Tuple2<StepKey, float[]>> {
        private final int good;
        private int given;
        int spillsSeen = -1;

        FailingRows(int good) {
            this.good = good;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Tuple2<StepKey, float[]> next() {
            if (given == good) {
                spillsSeen = spills().size();
                throw new IllegalStateException("input failed after " + good + " rows");
            }
            given++;
            return new Tuple2<>(new StepKey(0, 0, given), new float[] {given, -given});
        }
    }

    @Test
    void writeFailureDeletesTheSpillFileInSparksLocalDirectory() {
        TestSpark.get();
        int before = spills().size();
        FailingRows rows = new FailingRows(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SpillFile.write(rows, 2));
        assertEquals("input failed after 3 rows", e.getMessage());
        assertEquals(before + 1, rows.spillsSeen, "while writing, the spill file is in spark.local.dir (the block manager's folders)");
        assertEquals(before, spills().size(), "the failed write left its file behind");
    }

    /** Writes a spill file in a task, keeps it open, then fails the task. */
    static final class SpillThenFail implements FlatMapFunction<Iterator<Integer>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Integer> call(Iterator<Integer> input) {
            SpillFile spill = SpillFile.write(List.of(new Tuple2<>(new StepKey(0, 0, 0), new float[] {1f})).iterator(), 1);
            if (spill.segments() == 1 && !spills().isEmpty()) {
                throw new IllegalStateException("task killed while its spill file is open");
            }
            throw new NoSuchElementException("spill file not where expected");
        }
    }

    @Test
    void failedTaskDeletesItsOpenSpillFileThroughTheCompletionListener() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(TestSpark.get().sparkContext());
        int before = spills().size();
        Exception e = assertThrows(Exception.class, () -> sc.parallelize(List.of(1), 1).mapPartitions(new SpillThenFail()).count());
        assertTrue(String.valueOf(e.getMessage()).contains("task killed while its spill file is open"), String.valueOf(e.getMessage()));
        assertEquals(before, spills().size(), "the failed task left its spill file behind");
    }
}
