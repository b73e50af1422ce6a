package org.sparkcast.evaluate;

/**
 * One rolling origin's forecast of one series, in original (unscaled) units. H steps, Y targets.
 *
 * <p>{@code origin} is the epoch ms of the last observed step; {@code targetTimes} [H] the epoch ms of the
 * forecast steps. {@code predicted}, {@code actual}, {@code naive} and {@code seasonalNaive} are [H][Y]:
 * the model's forecast, the observed values (NaN where the actual was not observed — imputed or missing —
 * and so not scored), the last observed value at the origin, and the value one season before the target
 * time. {@code quantiles} [H][Y][Q] holds a quantile model's sorted quantile forecasts (null for a mean or one-step
 * model); the report draws the outer ones as a band. A record lives on the driver or inside one task: Spark's bundled
 * Kryo cannot serialise records, so what crosses the network is {@link ErrorSums}, not these.
 */
public record OriginForecast(String series, long origin,
        long[] targetTimes, double[][] predicted,
        double[][] actual,
        double[][] naive,
        double[][] seasonalNaive,
        double[][][] quantiles) implements java.io.Serializable {

    /** A forecast without quantiles. */
    public OriginForecast(String series, long origin, long[] targetTimes, double[][] predicted, double[][] actual,
                          double[][] naive, double[][] seasonalNaive) {
        this(series, origin, targetTimes, predicted, actual, naive, seasonalNaive, null);
    }
}
