package org.sparkcast.evaluate;

/** Tiny hand-written forecasts for the evaluate tests: hourly steps, one row per step. */
final class Forecasts {
    static final long HOUR = 3_600_000L;
    /** 2026-01-01T00:00Z */
    static final long T0 = 1_767_225_600_000L;

    private Forecasts() {
    }

    /** A one-target forecast: each array holds one value per step. */
    static OriginForecast one(String series, long origin, double[] actual, double[] predicted, double[] naive,
            double[] seasonalNaive) {
        return new OriginForecast(series, origin, times(origin, actual.length), column(predicted), column(actual),
                column(naive), column(seasonalNaive));
    }

    static long[] times(long origin, int horizon) {
        long[] t = new long[horizon];
        for (int h = 0; h < horizon; h++) {
            t[h] = origin + (h + 1) * HOUR;
        }
        return t;
    }

    static double[][] column(double[] values) {
        double[][] m = new double[values.length][1];
        for (int h = 0; h < values.length; h++) {
            m[h][0] = values[h];
        }
        return m;
    }

    static double[] v(double... values) {
        return values;
    }
}
