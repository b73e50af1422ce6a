package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.junit.jupiter.api.Test;
import org.sparkcast.LogCapture;

/** A stage longer than the interval reports its tasks, rows, rate and ETA while it runs, and a closing line. */
class SparkProgressTest {

    /** Each task sleeps, then passes its rows on. */
    static final class Slow implements FlatMapFunction<Iterator<Integer>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Integer> call(Iterator<Integer> rows) throws Exception {
            Thread.sleep(400);
            return rows;
        }
    }

    @Test
    void aLongStageReportsItsProgressAndItsEnd() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.get().sparkContext());
        // the session's own reporter (10 s) stays silent for this short job; a second one reports every 100 ms
        SparkProgress progress = SparkProgress.start(jsc.sc(), 100);
        assertNotNull(progress);
        try (LogCapture log = LogCapture.of(SparkProgress.class)) {
            jsc.setJobDescription("data: a slow test job");
            long n = jsc.parallelize(Arrays.asList(1, 2, 3, 4, 5, 6, 7, 8), 4).mapPartitions(new Slow()).repartition(2).count();
            jsc.setJobDescription(null);
            assertTrue(n == 8);
            List<String> lines = log.at("INFO");
            assertTrue(lines.stream().anyMatch(l -> l.matches("INFO stage \\d+ \\(data: a slow test job, .*\\): \\d of 4 tasks, .* rows so far \\(.* rows/s\\), "
                    + "\\d+ s, ETA .*")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.matches("INFO stage \\d+ \\(.*\\) done: \\d+ tasks, [\\d,]+ rows in \\d+ s .*")), lines.toString());
        } finally {
            progress.close();
            jsc.sc().removeSparkListener(progress);
        }
        SparkProgress.attach(jsc.sc(), 10_000);
        assertNull(SparkProgress.attach(jsc.sc(), 10_000), "one reporter per context");
    }
}
