package org.sparkcast.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data of the report's "forecast vs actual" charts, one per (plotted series, target): the actual values
 * over a stretch of the test range, the model's forecasts from a few origins overlaid, and the two
 * baselines from the first of those origins. Points are {@code {"x": epoch ms, "y": value or null}}, the
 * shape Chart.js reads directly; an unobserved actual is a null (a gap in the line).
 *
 * <p>Origins are chosen deterministically: the series' earliest origin, then each next origin at least half
 * a horizon (in time) after the previously chosen one, up to {@code originsPerPlot}; so the forecasts
 * overlap a little and the stretch spans about {@code originsPerPlot / 2 + 1} horizons. The actuals are
 * shown from one horizon before the first chosen origin to the last chosen forecast's last step, as far as
 * the given forecasts' targets cover that stretch.
 */
final class ForecastPlots {

    private ForecastPlots() {
    }

    /**
     * @param forecasts  forecasts of the series to plot (any order); their series are plotted in name order
     * @param maxSeries  how many series to plot at most (the first by name)
     * @param originsPerPlot how many origins' forecasts to overlay per chart
     */
    static List<Map<String, Object>> of(List<OriginForecast> forecasts, List<String> targets, int maxSeries,
            int originsPerPlot) {
        TreeMap<String, List<OriginForecast>> bySeries = new TreeMap<>();
        for (OriginForecast f : forecasts) {
            bySeries.computeIfAbsent(f.series(), k -> new ArrayList<>()).add(f);
        }
        List<Map<String, Object>> plots = new ArrayList<>();
        for (List<OriginForecast> series : bySeries.values().stream().limit(maxSeries).toList()) {
            series.sort(Comparator.comparingLong(OriginForecast::origin));
            List<OriginForecast> chosen = chooseOrigins(series, originsPerPlot);
            for (int y = 0; y < targets.size(); y++) {
                plots.add(plot(series, chosen, targets.get(y), y));
            }
        }
        return plots;
    }

    /** The earliest origin, then each next one at least half a horizon after the previous choice. */
    static List<OriginForecast> chooseOrigins(List<OriginForecast> sortedByOrigin, int count) {
        List<OriginForecast> chosen = new ArrayList<>();
        long gap = Math.max(1, span(sortedByOrigin.get(0)) / 2);
        for (OriginForecast f : sortedByOrigin) {
            if (chosen.size() == count) {
                break;
            }
            if (chosen.isEmpty() || f.origin() >= chosen.get(chosen.size() - 1).origin() + gap) {
                chosen.add(f);
            }
        }
        return chosen;
    }

    private static Map<String, Object> plot(List<OriginForecast> series, List<OriginForecast> chosen, String target,
            int y) {
        OriginForecast first = chosen.get(0);
        OriginForecast last = chosen.get(chosen.size() - 1);
        long from = first.origin() - span(first);
        long to = last.targetTimes()[last.targetTimes().length - 1];
        TreeMap<Long, Double> actual = new TreeMap<>();
        for (OriginForecast f : series) {
            for (int h = 0; h < f.targetTimes().length; h++) {
                long t = f.targetTimes()[h];
                if (t >= from && t <= to) {
                    actual.putIfAbsent(t, f.actual()[h][y]);
                }
            }
        }
        List<Map<String, Object>> actualPoints = new ArrayList<>();
        actual.forEach((t, v) -> actualPoints.add(point(t, v)));
        List<Map<String, Object>> forecasts = new ArrayList<>();
        for (OriginForecast f : chosen) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("origin", f.origin());
            one.put("points", points(f, Forecaster.MODEL, y));
            if (f.quantiles() != null) {                      // the outer quantiles: the band of a fan chart
                List<Map<String, Object>> lower = new ArrayList<>();
                List<Map<String, Object>> upper = new ArrayList<>();
                for (int h = 0; h < f.targetTimes().length; h++) {
                    double[] q = f.quantiles()[h][y];
                    lower.add(point(f.targetTimes()[h], q[0]));
                    upper.add(point(f.targetTimes()[h], q[q.length - 1]));
                }
                one.put("lower", lower);
                one.put("upper", upper);
            }
            forecasts.add(one);
        }
        Map<String, Object> plot = new LinkedHashMap<>();
        plot.put("series", first.series());
        plot.put("target", target);
        plot.put("actual", actualPoints);
        plot.put("forecasts", forecasts);
        plot.put("baseline_origin", first.origin());
        plot.put(Forecaster.NAIVE.jsonName(), points(first, Forecaster.NAIVE, y));
        plot.put(Forecaster.SEASONAL_NAIVE.jsonName(), points(first, Forecaster.SEASONAL_NAIVE, y));
        return plot;
    }

    private static List<Map<String, Object>> points(OriginForecast f, Forecaster who, int y) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int h = 0; h < f.targetTimes().length; h++) {
            out.add(point(f.targetTimes()[h], who.values(f)[h][y]));
        }
        return out;
    }

    private static Map<String, Object> point(long t, double v) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", t);
        p.put("y", Double.isFinite(v) ? v : null);
        return p;
    }

    /** How long one forecast reaches past its origin (ms). */
    private static long span(OriginForecast f) {
        return f.targetTimes()[f.targetTimes().length - 1] - f.origin();
    }
}
