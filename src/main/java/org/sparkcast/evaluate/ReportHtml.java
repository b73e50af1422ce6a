package org.sparkcast.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkcast.evaluate.Metrics.Errors;
import org.sparkcast.evaluate.Metrics.StepMae;
import org.sparkcast.evaluate.Metrics.Summary;
import org.sparkcast.evaluate.Metrics.TargetMetrics;

/**
 * The HTML of {@code report.html}: one self-contained page (Chart.js and the chart code inlined, the data as
 * JSON in a {@code <script type="application/json">}), which opens offline. Tables are plain HTML, so the
 * numbers read without JavaScript; undefined values show as "—" with the reason as a tooltip.
 */
final class ReportHtml {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHART_CODE = "report-charts.js";
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}
            th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
            th:first-child,td:first-child{text-align:left;white-space:nowrap}
            table.context td{text-align:left}
            thead th{background:#f3f3f3}
            .chart{max-width:60em;margin-bottom:2em}
            .note{color:#555;font-size:.9em}
            """;

    private ReportHtml() {
    }

    static String render(Map<String, Object> context, List<TargetMetrics> metrics, int horizon,
            List<Map<String, Object>> forecastPlots) {
        StringBuilder html = new StringBuilder(300_000);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Sparkcast evaluation</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Sparkcast evaluation</h1>\n");
        contextTable(html, context);
        html.append("<p class=\"note\">").append(escape(Metrics.RELATIVE_MAE_DEFINITION)).append("<br>")
                .append(escape(Metrics.SMAPE_DEFINITION)).append(". Scoring: ").append(escape(Metrics.SCORING))
                .append(".</p>\n");
        for (int i = 0; i < metrics.size(); i++) {
            TargetMetrics t = metrics.get(i);
            html.append("<h2>Target ").append(escape(t.target())).append("</h2>\n<h3>Overall</h3>\n");
            overallTable(html, t.overall());
            html.append("<h3>By series</h3>\n");
            seriesTable(html, t);
            html.append("<h3>Error by horizon</h3>\n<div class=\"chart\"><canvas id=\"horizon-").append(i)
                    .append("\"></canvas></div>\n");
        }
        html.append("<h2>Forecast vs actual</h2>\n");
        if (forecastPlots.isEmpty()) {
            html.append("<p class=\"note\">No forecasts were given to plot.</p>\n");
        }
        for (int i = 0; i < forecastPlots.size(); i++) {
            html.append("<div class=\"chart\"><canvas id=\"forecast-").append(i).append("\"></canvas></div>\n");
        }
        html.append("<p class=\"note\">Charts: Chart.js ").append(escape(ChartJsBundle.version()))
                .append(" (MIT License), inlined. Times in UTC.</p>\n");
        html.append("<script type=\"application/json\" id=\"sparkcast-data\">")
                .append(scriptSafeJson(chartData(metrics, horizon, forecastPlots))).append("</script>\n");
        html.append("<script>\n").append(ChartJsBundle.javascript()).append("\n</script>\n");
        html.append("<script>\n").append(chartCode()).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void contextTable(StringBuilder html, Map<String, Object> context) {
        html.append("<table class=\"context\">\n");
        for (Map.Entry<String, Object> e : context.entrySet()) {
            Object v = e.getValue();
            String text = v instanceof Map || v instanceof List ? json(v) : String.valueOf(v);
            html.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(text))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void overallTable(StringBuilder html, Summary s) {
        html.append("<table>\n<thead><tr><th>forecaster</th><th>MAE</th><th>RMSE</th><th>sMAPE %</th>")
                .append("<th>MASE</th><th>relative MAE (model / this)</th></tr></thead>\n<tbody>\n");
        for (Forecaster f : Forecaster.values()) {
            Errors e = s.errors().get(f);
            String k = f.jsonName();
            html.append("<tr><td>").append(k).append("</td>").append(cell(e.mae(), s, k + ".mae"))
                    .append(cell(e.rmse(), s, k + ".rmse")).append(cell(e.smape(), s, k + ".smape")).append(cell(e.mase(), s, k + ".mase"));
            html.append(switch (f) {
                case MODEL -> "<td></td>";
                case NAIVE -> cell(s.relativeMaeNaive(), s, "relative_mae_naive");
                case SEASONAL_NAIVE -> cell(s.relativeMaeSeasonalNaive(), s, "relative_mae_seasonal_naive");
            }).append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"note\">").append(s.points()).append(" points scored from ")
                .append(s.origins()).append(" origins of ").append(s.series()).append(" series; ")
                .append(s.unobserved()).append(" unobserved, ").append(s.nonfiniteForecast())
                .append(" with a non-finite forecast. MASE: absolute errors over the series' in-sample seasonal-naive MAE on its training range"
                + " (Hyndman and Koehler). Relative MAE: the model's MAE over this baseline's on the same points.</p>\n");
    }

    private static void seriesTable(StringBuilder html, TargetMetrics t) {
        html.append("<table>\n<thead><tr><th>series</th><th>points</th><th>origins</th><th>MAE model</th>")
                .append("<th>MAE naive</th><th>MAE seasonal naive</th><th>RMSE model</th><th>sMAPE % model</th>")
                .append("<th>relative MAE naive</th><th>relative MAE seasonal naive</th></tr></thead>\n<tbody>\n");
        t.bySeries().forEach((name, s) -> {
            html.append("<tr><td>").append(escape(name)).append("</td><td>").append(s.points()).append("</td><td>")
                    .append(s.origins()).append("</td>");
            for (Forecaster f : Forecaster.values()) {
                html.append(cell(s.errors().get(f).mae(), s, f.jsonName() + ".mae"));
            }
            html.append(cell(s.errors().get(Forecaster.MODEL).rmse(), s, "model.rmse"))
                    .append(cell(s.errors().get(Forecaster.MODEL).smape(), s, "model.smape"))
                    .append(cell(s.relativeMaeNaive(), s, "relative_mae_naive"))
                    .append(cell(s.relativeMaeSeasonalNaive(), s, "relative_mae_seasonal_naive")).append("</tr>\n");
        });
        html.append("</tbody>\n</table>\n");
    }

    private static String cell(Double value, Summary s, String key) {
        if (value == null) {
            String reason = s.nullReasons().getOrDefault(key, "undefined");
            return "<td title=\"" + escape(reason) + "\">—</td>";
        }
        return "<td>" + number(value) + "</td>";
    }

    /** Four significant digits, plain notation up to 1e6. */
    static String number(double v) {
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-3 || abs >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return abs >= 1000 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static Map<String, Object> chartData(List<TargetMetrics> metrics, int horizon,
            List<Map<String, Object>> forecastPlots) {
        List<Map<String, Object>> byHorizon = new ArrayList<>();
        for (TargetMetrics t : metrics) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("target", t.target());
            List<Integer> steps = new ArrayList<>();
            for (int h = 1; h <= horizon; h++) {
                steps.add(h);
            }
            one.put("steps", steps);
            for (Forecaster f : Forecaster.values()) {
                one.put(f.jsonName(), t.byHorizon().stream().map(StepMae::mae).map(m -> m.get(f)).toList());
            }
            byHorizon.add(one);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("by_horizon", byHorizon);
        data.put("forecast_plots", forecastPlots);
        return data;
    }

    /**
     * JSON that can sit inside a {@code <script>} element: '<', '>' and '&' (which JSON allows only inside
     * strings) become \\u escapes, so no "</script>" or "<!--" can end the element early; so do U+2028/9.
     */
    static String scriptSafeJson(Object value) {
        return json(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + value, e);
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String chartCode() {
        return resource(CHART_CODE);
    }

    /** A text resource next to this class (the pages' chart code), read whole. */
    static String resource(String name) {
        try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " not on the classpath next to " + ReportHtml.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
