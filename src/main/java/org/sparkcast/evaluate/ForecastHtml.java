package org.sparkcast.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code forecast.html}: one self-contained page (Chart.js and the chart code inlined, the data as JSON) with, per series
 * and target, the recent history and the forecast, with the outer quantile interval as a band when the model has one.
 * Times are the data's local times as text, one label per grid step; a missing value is a gap in the line.
 */
public final class ForecastHtml {
    private static final String CHART_CODE = "forecast-charts.js";

    /**
     * One chart: {@code labels} are the grid steps' local times (history, then forecast); {@code history} has a value
     * (or null) for the history steps and null after; {@code point}, {@code lower}, {@code upper} have nulls for the
     * history steps, then the forecast ({@code lower}, {@code upper} null when the model has no quantiles).
     */
    public record Plot(String series, String target, List<String> labels, List<Double> history, List<Double> point,
                       List<Double> lower, List<Double> upper) {
    }

    private ForecastHtml() {
    }

    /** The page: {@code title} (e.g. the as-of time), a line of context, and one chart per plot; {@code interval} names the band. */
    public static String render(String title, String context, String interval, List<Plot> plots) {
        StringBuilder html = new StringBuilder(300_000);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(ReportHtml.escape(title)).append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;")
                .append("max-width:75em;color:#222}.chart{max-width:60em;margin-bottom:2em}.note{color:#555;font-size:.9em}")
                .append("</style>\n</head>\n<body>\n<h1>").append(ReportHtml.escape(title)).append("</h1>\n<p class=\"note\">")
                .append(ReportHtml.escape(context)).append("</p>\n");
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < plots.size(); i++) {
            Plot p = plots.get(i);
            html.append("<div class=\"chart\"><canvas id=\"forecast-").append(i).append("\"></canvas></div>\n");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("series", p.series());
            m.put("target", p.target());
            m.put("labels", p.labels());
            m.put("history", p.history());
            m.put("point", p.point());
            m.put("lower", p.lower());
            m.put("upper", p.upper());
            m.put("interval", interval);
            data.add(m);
        }
        html.append("<p class=\"note\">Charts: Chart.js ").append(ReportHtml.escape(ChartJsBundle.version()))
                .append(" (MIT License), inlined.</p>\n<script type=\"application/json\" id=\"sparkcast-data\">")
                .append(ReportHtml.scriptSafeJson(Map.of("plots", data))).append("</script>\n<script>\n")
                .append(ChartJsBundle.javascript()).append("\n</script>\n<script>\n").append(ReportHtml.resource(CHART_CODE))
                .append("</script>\n</body>\n</html>\n");
        return html.toString();
    }
}
