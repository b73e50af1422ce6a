package org.sparkcast.data;

import org.apache.spark.util.AccumulatorV2;

/**
 * Carries {@link AffectedSeries} from the tasks to the driver: each task notes into its own copy (at most
 * {@link AffectedSeries#LIMIT} series per reason), the driver merges the copies in task order.
 */
public final class AffectedSeriesAccumulator extends AccumulatorV2<AffectedSeries, AffectedSeries> {
    private static final long serialVersionUID = 1L;
    private AffectedSeries value = new AffectedSeries();

    @Override
    public boolean isZero() {
        return value.isEmpty();
    }

    @Override
    public AccumulatorV2<AffectedSeries, AffectedSeries> copy() {
        AffectedSeriesAccumulator c = new AffectedSeriesAccumulator();
        c.value = value.copy();
        return c;
    }

    @Override
    public void reset() {
        value = new AffectedSeries();
    }

    @Override
    public void add(AffectedSeries v) {
        value.merge(v);
    }

    void note(String reason, String unit, String series, long n, long from, long to) {
        value.note(reason, unit, series, n, from, to);
    }

    @Override
    public void merge(AccumulatorV2<AffectedSeries, AffectedSeries> other) {
        value.merge(other.value());
    }

    @Override
    public AffectedSeries value() {
        return value;
    }
}
