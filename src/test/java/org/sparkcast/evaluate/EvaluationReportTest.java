package org.sparkcast.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkcast.evaluate.Forecasts.HOUR;
import static org.sparkcast.evaluate.Forecasts.T0;
import static org.sparkcast.evaluate.Forecasts.one;
import static org.sparkcast.evaluate.Forecasts.v;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.json and report.html: self-contained, escaped, written atomically. */
class EvaluationReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NASTY = "</script><script>alert('x')</script>";

    @TempDir
    java.nio.file.Path tmp;

    /** Two series over 12 hourly origins, H = 3; series "A-station" has model errors +1 at every step. */
    private static List<OriginForecast> forecasts(String second) {
        List<OriginForecast> all = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            long origin = T0 + k * HOUR;
            all.add(one("A-station", origin, v(10, 10, 10), v(11, 11, 11), v(12, 12, 12), v(10, 10, 14)));
            all.add(one(second, origin, v(5, 6, Double.NaN), v(5, 6, 7), v(5, 5, 5), v(4, 6, 7)));
        }
        return all;
    }

    private static ErrorSums sums(List<OriginForecast> forecasts) {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 3);
        forecasts.forEach(sums::add);
        return sums;
    }

    private static Map<String, Object> context(String model) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", model);
        c.put("data", "conf/local.properties");
        c.put("horizon", 3);
        c.put("stride", 1);
        c.put("origins", 12);
        c.put("test range", "2026-01-01T01:00Z .. 2026-01-01T15:00Z");
        return c;
    }

    private String write(Path folder, String model, List<OriginForecast> forecasts) throws Exception {
        ErrorSums sums = sums(forecasts);
        EvaluationReport.write(folder, new Configuration(), context(model), sums, forecasts,
                EvaluationReport.PlotOptions.DEFAULTS);
        return Files.readString(tmp.resolve("out").resolve(EvaluationReport.REPORT_FILE), StandardCharsets.UTF_8);
    }

    private Path out() {
        return new Path(tmp.resolve("out").toUri());
    }

    @Test
    void reportIsSelfContainedWithInlinedChartJsAndShowsSeriesAndMetrics() throws Exception {
        String html = write(out(), "model-v1", forecasts("B-station"));
        assertTrue(html.contains("* Chart.js v" + ChartJsBundle.version()), "Chart.js banner not inlined");
        assertTrue(html.contains("function(t,e){\"object\"==typeof exports"), "Chart.js UMD code not inlined");
        assertTrue(html.length() > 200_000, "report of " + html.length() + " chars cannot hold Chart.js");
        assertFalse(Pattern.compile("<script[^>]*\\ssrc\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "a <script src=...> needs the network or another file");
        assertFalse(Pattern.compile("<link[^>]*href\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "a <link href=...> needs the network or another file");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?https?:", Pattern.CASE_INSENSITIVE).matcher(html).find());
        assertFalse(html.contains("sourceMappingURL"), "the source-map comment would make dev tools fetch a file");
        assertTrue(html.contains("A-station") && html.contains("B-station"));
        assertTrue(html.contains("model-v1") && html.contains("2026-01-01T01:00Z .. 2026-01-01T15:00Z"));
        // A-station: model MAE 1 (every error +1), naive MAE 2, seasonal naive MAE (0 + 0 + 4) / 3
        assertTrue(html.contains("<td>A-station</td><td>36</td><td>12</td><td>1.000</td><td>2.000</td><td>1.333</td>"),
                "A-station's row of the per-series table");
        // pooled: model Σ|e| = 36 (A) + 0 (B); naive Σ|e| = 72 (A) + 12 (B); over 36 + 24 points
        assertTrue(html.contains("<tr><td>model</td><td>" + ReportHtml.number(36.0 / 60) + "</td>"), "overall model row");
        assertTrue(html.contains(ReportHtml.number(36.0 / 84)), "overall MASE vs naive");
        assertTrue(html.contains("<canvas id=\"horizon-0\">") && html.contains("<canvas id=\"forecast-1\">"));
    }

    @Test
    void seriesNamesCannotCloseTheScriptElementAndComeBackIntactFromTheData() throws Exception {
        String html = write(out(), "<b>model</b>", forecasts(NASTY));
        assertFalse(html.contains("<b>model</b>"), "context not HTML-escaped");
        assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "table cell");
        Matcher scripts = Pattern.compile("</script", Pattern.CASE_INSENSITIVE).matcher(html);
        int closings = 0;
        while (scripts.find()) {
            closings++;
        }
        assertEquals(3, closings, "exactly the data, Chart.js and chart-code elements end with </script>");
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"sparkcast-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(data.find());
        JsonNode plots = JSON.readTree(data.group(1)).get("forecast_plots");
        assertEquals(List.of(NASTY, "A-station"), // by name: '<' sorts before 'A'
                List.of(plots.get(0).get("series").asText(), plots.get(1).get("series").asText()));
    }

    @Test
    void metricsJsonHoldsTheContextAndTheMetrics() throws Exception {
        write(out(), "model-v1", forecasts("B-station"));
        JsonNode m = JSON.readTree(tmp.resolve("out").resolve(EvaluationReport.METRICS_FILE).toFile());
        assertEquals("model-v1", m.at("/context/model").asText());
        assertEquals(12, m.at("/context/origins").asInt());
        assertEquals(1.0, m.at("/targets/pm25/by_series/A-station/model/mae").asDouble(), 1e-12);
        assertEquals(36.0 / 84, m.at("/targets/pm25/overall/relative_mae_naive").asDouble(), 1e-12);
        assertEquals(12, m.at("/targets/pm25/overall/points_unobserved").asLong(), "B's third step is never observed");
    }

    @Test
    void writesAtomicallyReplacingAnExistingReportAndLeavingNoTemporaryFile() throws Exception {
        write(out(), "model-v1", forecasts("B-station"));
        String second = write(out(), "model-v2", forecasts("C-station"));
        assertTrue(second.contains("model-v2") && second.contains("C-station") && !second.contains("B-station"));
        assertEquals("model-v2", JSON.readTree(tmp.resolve("out").resolve(EvaluationReport.METRICS_FILE).toFile())
                .at("/context/model").asText());
        List<String> names;
        try (Stream<java.nio.file.Path> files = Files.list(tmp.resolve("out"))) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
        }
        assertEquals(List.of(EvaluationReport.METRICS_FILE, EvaluationReport.REPORT_FILE), names,
                "only the two files, no temporary one");
    }

    @Test
    void plotsTheFirstSeriesByNameUpToTheConfiguredCount() throws Exception {
        List<OriginForecast> all = new ArrayList<>(forecasts("B-station"));
        all.addAll(forecasts("0-first").stream().filter(f -> f.series().equals("0-first")).toList());
        ErrorSums sums = sums(all);
        EvaluationReport.PlotOptions two = new EvaluationReport.PlotOptions(2, 3);
        assertEquals(List.of("0-first", "A-station"), EvaluationReport.seriesToPlot(sums, two));
        EvaluationReport.write(out(), new Configuration(), context("m"), sums, all, two);
        String html = Files.readString(tmp.resolve("out").resolve(EvaluationReport.REPORT_FILE));
        assertTrue(html.contains("<canvas id=\"forecast-1\">") && !html.contains("<canvas id=\"forecast-2\">"));
    }
}
