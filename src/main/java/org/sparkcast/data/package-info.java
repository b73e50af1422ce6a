/**
 * From files on any Hadoop filesystem to the ordered truncated-BPTT windows that executors train on.
 *
 * <p>Flow (one way): {@link org.sparkcast.data.DataConfig} (a dataset description, no code per dataset)
 * → {@link org.sparkcast.data.SourceReader} (CSV or Parquet through Spark SQL, every cell as text)
 * → {@link org.sparkcast.data.RowParser} (numbers, timestamps, null markers; row-level rules)
 * → {@link org.sparkcast.data.SeriesCleaner} (per series in time order: duplicates, out-of-order rows,
 * resampling to the grid, gap filling, segments) → split and normalisation fitted on the training range
 * ({@link org.sparkcast.data.Scaler}) → {@link org.sparkcast.data.WindowPlan} (deterministic, balanced
 * assignment of segments to partitions) → {@link org.sparkcast.data.WindowBuilder} (per partition, B lanes
 * cut into windows of k steps, streamed in time order as {@link org.sparkcast.data.WindowBlock}s).
 *
 * <p>Shape legend: B = lanes, k = steps in a window, F = input features, Y = targets. Windows are
 * time-major like the engine's: {@code x [k][B][F]}, {@code y [k][B][Y]}, {@code mask [k][B]}.
 *
 * <p>Every problem in the input is either a clear {@link org.sparkcast.data.InvalidDataException} (where:
 * {@link org.sparkcast.data.RowLocation} — file, line, column, value, series, local time) or, where the config's
 * policy says so, dropped or imputed, counted in the {@link org.sparkcast.data.RunReport} and its series named
 * ({@link org.sparkcast.data.AffectedSeries}). No non-finite value leaves this package.
 * Everything Spark ships as data is a plain final class registered by {@link org.sparkcast.data.KryoRegistration};
 * accumulators (the counters and the affected series) travel with the tasks through Spark's Java closure serializer.
 */
package org.sparkcast.data;
