package org.sparkcast.forecast;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.sparkcast.evaluate.ErrorSums;
import org.sparkcast.evaluate.IntervalSums;
import org.sparkcast.evaluate.OriginForecast;

/**
 * What one partition's backtest returns: the error sums of all its origins, the forecasts of the series
 * to plot, and counts of origins scored and left out. Kryo ships it with Java serialisation (records inside).
 */
final class BacktestPart implements Serializable {
    private static final long serialVersionUID = 1L;

    final ErrorSums sums;
    /** The quantile forecasts' coverage, width and pinball sums; null for a model without quantiles. */
    IntervalSums intervals;
    /** Every scored forecast, one row per origin x step x target ({@link BacktestForecasts#schema}). */
    final List<Object[]> forecasts = new ArrayList<>();
    final List<OriginForecast> plotted = new ArrayList<>();
    long origins;
    /** Origins whose horizon ran into a gap (a segment end) before H steps. */
    long originsCutByGap;
    /** Origins left out because their step was imputed (from values after it). */
    long originsAtImputedSteps;
    /** Origins left out because their segment had fewer steps of history before them than an origin needs. */
    long originsShortHistory;
    /** Series with no origin on the test range. */
    final List<String> seriesWithoutOrigins = new ArrayList<>();
    /** Series the model has no scaling for (not in its training data): not evaluated. */
    final List<String> seriesNotInModel = new ArrayList<>();

    BacktestPart(List<String> targets, int horizon) {
        this.sums = new ErrorSums(targets, horizon);
    }

    /** Adds {@code other} after this one (call in partition order: the sums come out the same every run). */
    BacktestPart merge(BacktestPart other) {
        sums.merge(other.sums);
        if (intervals != null && other.intervals != null) {
            intervals.merge(other.intervals);
        } else if (other.intervals != null) {
            intervals = other.intervals;
        }
        plotted.addAll(other.plotted);
        forecasts.addAll(other.forecasts);
        origins += other.origins;
        originsCutByGap += other.originsCutByGap;
        originsAtImputedSteps += other.originsAtImputedSteps;
        originsShortHistory += other.originsShortHistory;
        seriesWithoutOrigins.addAll(other.seriesWithoutOrigins);
        seriesNotInModel.addAll(other.seriesNotInModel);
        return this;
    }
}
