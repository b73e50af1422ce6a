package org.sparkcast.data;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of {@link DataPipeline#clean}: the files read, the problem counters, the cleaned steps
 * ({@link SeriesCleaner#schema}, with the split column where there are boundaries; persisted, partitioned by series and sorted by series and time within a
 * partition), each series' first and last time, and the split boundaries gap filling did not cross (null: none).
 */
public record CleanedSteps(List<String> files, ProblemCounters counters, Dataset<Row> steps, Map<String, long[]> ranges,
                           SplitBoundaries boundaries) {
}
