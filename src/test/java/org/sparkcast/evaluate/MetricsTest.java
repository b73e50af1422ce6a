package org.sparkcast.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkcast.evaluate.Forecasts.HOUR;
import static org.sparkcast.evaluate.Forecasts.T0;
import static org.sparkcast.evaluate.Forecasts.one;
import static org.sparkcast.evaluate.Forecasts.v;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics of hand-written forecasts, each expected value worked out by hand in the test. */
class MetricsTest {
    private static final double EPS = 1e-12;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Series A, one origin, H = 2: actual 10, 20; model 12, 17; naive 8, 8; seasonal naive 11, 25. */
    private static OriginForecast seriesA() {
        return one("A", T0, v(10, 20), v(12, 17), v(8, 8), v(11, 25));
    }

    private static JsonNode metrics(ErrorSums sums) {
        return JSON.valueToTree(Metrics.of(sums));
    }

    @Test
    void maeRmseSmapeAndMaseOfOneForecastMatchHandComputedValues() {
        JsonNode o = metrics(new ErrorSums(List.of("pm25"), 2).add(seriesA()).setScale("A", 0, 4.0)).at("/targets/pm25/overall");
        // model errors +2, -3; naive -2, -12; seasonal naive +1, +5; in-sample seasonal-naive MAE 4
        assertEquals((2 + 3) / 2.0, o.at("/model/mae").asDouble(), EPS);
        assertEquals(Math.sqrt((4 + 9) / 2.0), o.at("/model/rmse").asDouble(), EPS);
        assertEquals(100 * (2.0 * 2 / (12 + 10) + 2.0 * 3 / (17 + 20)) / 2, o.at("/model/smape").asDouble(), EPS);
        assertEquals((2 + 12) / 2.0, o.at("/naive/mae").asDouble(), EPS);
        assertEquals(Math.sqrt((4 + 144) / 2.0), o.at("/naive/rmse").asDouble(), EPS);
        assertEquals(100 * (2.0 * 2 / (8 + 10) + 2.0 * 12 / (8 + 20)) / 2, o.at("/naive/smape").asDouble(), EPS);
        assertEquals((1 + 5) / 2.0, o.at("/seasonal_naive/mae").asDouble(), EPS);
        assertEquals(Math.sqrt((1 + 25) / 2.0), o.at("/seasonal_naive/rmse").asDouble(), EPS);
        assertEquals(100 * (2.0 * 1 / (11 + 10) + 2.0 * 5 / (25 + 20)) / 2, o.at("/seasonal_naive/smape").asDouble(),
                EPS);
        assertEquals(2.5 / 4, o.at("/model/mase").asDouble(), EPS);
        assertEquals(7.0 / 4, o.at("/naive/mase").asDouble(), EPS);
        assertEquals(2.5 / 7, o.at("/relative_mae_naive").asDouble(), EPS);
        assertEquals(2.5 / 3, o.at("/relative_mae_seasonal_naive").asDouble(), EPS);
        assertEquals(2, o.at("/points").asLong());
        assertEquals(1, o.at("/series").asLong());
        assertEquals(1, o.at("/origins").asLong());
        assertTrue(o.at("/null_reasons").isMissingNode(), "no value is undefined here: " + o);
    }

    @Test
    void overallPoolsAllPointsRatherThanAveragingSeriesMeans() {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 2).add(seriesA()) // model |e| 2, 3
                .add(one("B", T0, v(1, 1), v(1, 1), v(2, 2), v(1, 2))) // model |e| 0, 0
                .add(one("B", T0 + HOUR, v(1, 1), v(5, 1), v(1, 1), v(0, 1))); // model |e| 4, 0
        JsonNode t = metrics(sums).at("/targets/pm25");
        assertEquals((2 + 3 + 0 + 0 + 4 + 0) / 6.0, t.at("/overall/model/mae").asDouble(), EPS);
        assertNotEquals((2.5 + 1.0) / 2, t.at("/overall/model/mae").asDouble(), "a mean of series means");
        assertEquals(1.0, t.at("/by_series/B/model/mae").asDouble(), EPS);
        // naive |e| of B: 1, 1, 0, 0 -> MAE 0.5; MASE of B = 1.0 / 0.5
        assertEquals(2.0, t.at("/by_series/B/relative_mae_naive").asDouble(), EPS);
        // pooled MASE: model Σ|e| 9, naive Σ|e| 2 + 12 + 1 + 1 = 16
        assertEquals(9.0 / 16, t.at("/overall/relative_mae_naive").asDouble(), EPS);
        assertEquals(3, t.at("/overall/origins").asLong());
        assertEquals(2, t.at("/overall/series").asLong());
        assertEquals(2, t.at("/by_series/B/origins").asLong());
    }

    @Test
    void byHorizonGivesEachStepsMaeOverAllSeriesAndOrigins() {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 2).add(seriesA())
                .add(one("B", T0, v(1, 1), v(5, 2), v(2, 2), v(1, 3)));
        JsonNode steps = metrics(sums).at("/targets/pm25/by_horizon");
        assertEquals(2, steps.size());
        assertEquals(1, steps.get(0).get("step").asInt());
        assertEquals((2 + 4) / 2.0, steps.get(0).get("model").asDouble(), EPS);
        assertEquals((2 + 1) / 2.0, steps.get(0).get("naive").asDouble(), EPS);
        assertEquals((1 + 0) / 2.0, steps.get(0).get("seasonal_naive").asDouble(), EPS);
        assertEquals(2, steps.get(1).get("step").asInt());
        assertEquals((3 + 1) / 2.0, steps.get(1).get("model").asDouble(), EPS);
        assertEquals((12 + 1) / 2.0, steps.get(1).get("naive").asDouble(), EPS);
        assertEquals((5 + 2) / 2.0, steps.get(1).get("seasonal_naive").asDouble(), EPS);
        assertEquals(2, steps.get(1).get("points").asLong());
    }

    @Test
    void unobservedActualsAreNotScoredAndAreCounted() {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 2).add(seriesA())
                .add(one("A", T0 + HOUR, v(Double.NaN, 20), v(1e6, 22), v(20, 20), v(20, 20)));
        JsonNode o = metrics(sums).at("/targets/pm25/overall");
        assertEquals(3, o.at("/points").asLong());
        assertEquals(1, o.at("/points_unobserved").asLong());
        assertEquals((2 + 3 + 2) / 3.0, o.at("/model/mae").asDouble(), EPS, "the 1e6 forecast of a NaN actual counted");
        assertEquals(2, o.at("/origins").asLong());
    }

    @Test
    void aPointWithANonFiniteBaselineIsScoredForNoForecasterSoMaseComparesTheSamePoints() {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 2).add(seriesA())
                .add(one("A", T0 + HOUR, v(20, 30), v(100, 30), v(20, 20), v(Double.NaN, 30)));
        JsonNode o = metrics(sums).at("/targets/pm25/overall");
        assertEquals(3, o.at("/points").asLong());
        assertEquals(1, o.at("/points_nonfinite_forecast").asLong());
        assertEquals((2 + 3 + 0) / 3.0, o.at("/model/mae").asDouble(), EPS, "model scored where the baseline was NaN");
        assertEquals((2 + 3 + 0) / (2.0 + 12 + 10), o.at("/relative_mae_naive").asDouble(), EPS);
    }

    @Test
    void zeroDenominatorsGiveNullWithAReasonNeverNanOrInfinity() {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 2)
                // naive is perfect: MASE vs naive is undefined; f = a = 0 gives a sMAPE term of 0
                .add(one("perfect-naive", T0, v(0, 5), v(1, 5), v(0, 5), v(2, 5)))
                // nothing observed: no scored point at all
                .add(one("unobserved", T0, v(Double.NaN, Double.NaN), v(1, 2), v(1, 2), v(1, 2)))
                // e² overflows to Infinity
                .add(one("overflow", T0, v(0, 0), v(1e200, 0), v(1, 0), v(1, 0)));
        JsonNode t = metrics(sums).at("/targets/pm25");
        JsonNode p = t.at("/by_series/perfect-naive");
        assertTrue(p.get("relative_mae_naive").isNull());
        assertTrue(p.at("/null_reasons/relative_mae_naive").asText().contains("naive MAE is 0"), p.toString());
        assertEquals(0.5 / 1.0, p.get("relative_mae_seasonal_naive").asDouble(), EPS);
        assertEquals(100 * (2.0 * 1 / (1 + 0) + 0) / 2, p.at("/model/smape").asDouble(), EPS);
        assertEquals(0.0, p.at("/naive/smape").asDouble(), 0.0, "0/0 sMAPE terms count as 0");
        JsonNode u = t.at("/by_series/unobserved");
        assertEquals(0, u.get("points").asLong());
        for (String key : List.of("model", "naive", "seasonal_naive")) {
            assertTrue(u.get(key).get("mae").isNull() && u.get(key).get("rmse").isNull()
                    && u.get(key).get("smape").isNull(), u.toString());
        }
        assertEquals("no scored points", u.at("/null_reasons/model.mae").asText());
        assertEquals("no scored points", u.at("/null_reasons/relative_mae_seasonal_naive").asText());
        JsonNode o = t.at("/by_series/overflow");
        assertTrue(o.at("/model/rmse").isNull());
        assertTrue(o.at("/null_reasons/model.rmse").asText().startsWith("not finite"), o.toString());
        assertEquals(1e200 / 2, o.at("/model/mae").asDouble(), 0.0);
    }

    @Test
    void metricsJsonHoldsNoNanOrInfinityAndParsesAsStrictJson() throws Exception {
        ErrorSums sums = new ErrorSums(List.of("pm25", "temp"), 2)
                .add(new OriginForecast("s", T0, Forecasts.times(T0, 2),
                        new double[][] {{1e200, Double.NaN}, {0, 1}},
                        new double[][] {{0, 3}, {Double.NaN, Double.NaN}},
                        new double[][] {{0, 3}, {0, 1}}, new double[][] {{0, 3}, {0, 1}}));
        String text = JSON.writeValueAsString(Metrics.of(sums));
        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        JsonNode parsed = new ObjectMapper().readTree(text); // strict: non-numeric numbers are refused
        assertTrue(parsed.at("/targets/pm25/overall/relative_mae_naive").isNull(), "naive is perfect on the one point");
        assertTrue(parsed.at("/targets/temp/overall/model/mae").isNull(), "the one observed temp point has a NaN model");
    }

    @Test
    void jsonStatesTheMaseDefinitionAndItsDifferenceFromHyndman() {
        Map<String, Object> m = Metrics.of(new ErrorSums(List.of("pm25"), 2).add(seriesA()));
        String definition = (String) m.get("relative_mae_definition");
        assertTrue(definition.contains("MAE(model) / MAE(naive)") && definition.contains("Hyndman"), definition);
        assertEquals("sparkcast-metrics", m.get("format"));
        assertEquals(2, m.get("horizon"));
    }
}
