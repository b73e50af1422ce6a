/**
 * The metrics and the report of {@code sparkcast evaluate}, without Spark: {@link
 * org.sparkcast.evaluate.ErrorSums} accumulates the errors of rolling-origin forecasts ({@link
 * org.sparkcast.evaluate.OriginForecast}) against actuals and two baselines in a small mergeable
 * accumulator; {@link org.sparkcast.evaluate.Metrics} turns it into JSON-ready metrics (MAE, RMSE, sMAPE,
 * MASE against the naive and seasonal-naive baselines; overall, by series, by horizon step); {@link
 * org.sparkcast.evaluate.EvaluationReport} writes {@code metrics.json} and a self-contained
 * {@code report.html} (Chart.js inlined) to any Hadoop filesystem. The Spark side (the backtest that
 * produces the forecasts) lives elsewhere; this package never imports Spark.
 */
package org.sparkcast.evaluate;
