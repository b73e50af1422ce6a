package org.sparkcast.data;

import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of {@link DataPipeline#clean}: the files read, the problem counters, the cleaned steps (persisted
 * {@link StepBlock}s, partitioned by series and in series and time order within a partition; {@code steps} gives them as
 * rows of {@link SeriesCleaner#schema}, with the split column where there are boundaries), each series' first and last
 * time, each series' {@link SeriesSummary}, and the split boundaries gap filling did not cross (null: none).
 */
public record CleanedSteps(List<String> files, ProblemCounters counters, JavaRDD<StepBlock> blocks, Dataset<Row> steps,
                           Map<String, long[]> ranges, Map<String, SeriesSummary> summaries, SplitBoundaries boundaries) {

    /** Frees the persisted steps (after their last use). */
    public void release() {
        blocks.unpersist(false);
    }
}
