package org.sparkcast.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparkcast.evaluate.Forecasts.HOUR;
import static org.sparkcast.evaluate.Forecasts.T0;
import static org.sparkcast.evaluate.Forecasts.one;
import static org.sparkcast.evaluate.Forecasts.v;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which origins a forecast-vs-actual chart overlays, and the stretch of actuals it shows. */
class ForecastPlotsTest {

    /** Hourly origins 0..19 of one series, H = 4: actual at time t (hours) is t. */
    private static List<OriginForecast> hourlyOrigins() {
        List<OriginForecast> all = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            double[] actual = {k + 1, k + 2, k + 3, k == 5 ? Double.NaN : k + 4};
            all.add(one("s", T0 + k * HOUR, actual, v(0, 0, 0, 0), v(k, k, k, k), v(1, 1, 1, 1)));
        }
        Collections.reverse(all); // any order in, sorted by origin inside
        return all;
    }

    @Test
    void choosesTheEarliestOriginThenOneEveryHalfHorizon() {
        List<Map<String, Object>> plots = ForecastPlots.of(hourlyOrigins(), List.of("pm25"), 4, 3);
        assertEquals(1, plots.size());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> forecasts = (List<Map<String, Object>>) plots.get(0).get("forecasts");
        // horizon span 4 h, so origins at least 2 h apart: hours 0, 2, 4
        assertEquals(List.of(T0, T0 + 2 * HOUR, T0 + 4 * HOUR), forecasts.stream().map(f -> f.get("origin")).toList());
        assertEquals(T0, plots.get(0).get("baseline_origin"));
    }

    @Test
    void actualsSpanFromOneHorizonBeforeTheFirstOriginToTheLastForecastWithGapsAsNull() {
        List<Map<String, Object>> plots = ForecastPlots.of(hourlyOrigins(), List.of("pm25"), 4, 3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> actual = (List<Map<String, Object>>) plots.get(0).get("actual");
        // the last chosen origin (hour 4) reaches hour 8; no forecast targets hour 0 or earlier
        assertEquals(8, actual.size());
        assertEquals(T0 + HOUR, actual.get(0).get("x"));
        assertEquals(1.0, actual.get(0).get("y"));
        assertEquals(T0 + 8 * HOUR, actual.get(7).get("x"));
        assertEquals(8.0, actual.get(7).get("y"));
    }

    @Test
    void anUnobservedActualIsANullPoint() {
        List<Map<String, Object>> plots = ForecastPlots.of(hourlyOrigins().subList(13, 20), List.of("pm25"), 4, 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> actual = (List<Map<String, Object>>) plots.get(0).get("actual");
        // origins 0..6 given, origin 0 chosen: hours 1..4; origin 5's step 4 (hour 9) is NaN but outside
        assertEquals(4, actual.size());
        List<OriginForecast> only5 = hourlyOrigins().stream().filter(f -> f.origin() == T0 + 5 * HOUR).toList();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> gap = (List<Map<String, Object>>) ForecastPlots.of(only5, List.of("pm25"), 1, 1)
                .get(0).get("actual");
        assertEquals(null, gap.get(3).get("y"));
    }

    @Test
    void aQuantileForecastCarriesItsOuterQuantilesAsTheBandOfAFanChart() {
        OriginForecast plain = hourlyOrigins().get(19);                      // origin 0
        double[][][] q = new double[4][1][];
        for (int h = 0; h < 4; h++) {
            q[h][0] = new double[] {h - 1.0, h + 0.0, h + 2.0};
        }
        OriginForecast fan = new OriginForecast(plain.series(), plain.origin(), plain.targetTimes(), plain.predicted(),
                plain.actual(), plain.naive(), plain.seasonalNaive(), q);
        @SuppressWarnings("unchecked")
        Map<String, Object> f = ((List<Map<String, Object>>) ForecastPlots.of(List.of(fan), List.of("pm25"), 1, 1).get(0)
                .get("forecasts")).get(0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lower = (List<Map<String, Object>>) f.get("lower");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> upper = (List<Map<String, Object>>) f.get("upper");
        assertEquals(List.of(-1.0, 0.0, 1.0, 2.0), lower.stream().map(p -> p.get("y")).toList());
        assertEquals(List.of(2.0, 3.0, 4.0, 5.0), upper.stream().map(p -> p.get("y")).toList());
        assertEquals(null, ((Map<?, ?>) ((List<?>) ForecastPlots.of(List.of(plain), List.of("pm25"), 1, 1).get(0).get("forecasts"))
                .get(0)).get("lower"), "no band without quantiles");
    }
}
