package org.sparkcast.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;

import org.apache.hadoop.fs.Path;
import org.sparkcast.model.AtomicDirectory;

/**
 * Writes the output of {@code sparkcast evaluate} into a folder on any Hadoop filesystem:
 * <pre>
 * metrics.json  {"context": {...}, "format": "sparkcast-metrics", "version": 1, ..., "targets": {...}}
 *               (see {@link Metrics}; the context is what the caller passed: model, data, horizon, ...)
 * report.html   one self-contained page: the context, per target the overall and per-series tables and
 *               the error-by-horizon chart, and forecast-vs-actual charts of a few series; Chart.js is
 *               inlined, so it opens offline
 * </pre>
 * Both files are written into a temporary sibling folder that then replaces the folder ({@link AtomicDirectory}),
 * so a reader never sees a half-written file, nor a new metrics.json beside an old report.html.
 */
public final class EvaluationReport {
    public static final String METRICS_FILE = "metrics.json";
    public static final String REPORT_FILE = "report.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the report plots.
     *
     * @param seriesToPlot   how many series get forecast-vs-actual charts (the first by name; 0 for none)
     * @param originsPerPlot how many origins' forecasts each of those charts overlays
     */
    public record PlotOptions(int seriesToPlot, int originsPerPlot) {
        public static final PlotOptions DEFAULTS = new PlotOptions(4, 4);

        public PlotOptions {
            if (seriesToPlot < 0 || originsPerPlot < 1) {
                throw new IllegalArgumentException("EvaluationReport.PlotOptions: seriesToPlot must be >= 0 and"
                        + " originsPerPlot >= 1, got " + seriesToPlot + " and " + originsPerPlot);
            }
        }
    }

    private EvaluationReport() {
    }

    /**
     * The series whose forecasts the report plots: the first {@code options.seriesToPlot()} by name. The
     * caller collects the {@link OriginForecast}s of exactly these for {@link #write}.
     */
    public static List<String> seriesToPlot(ErrorSums sums, PlotOptions options) {
        return sums.series().stream().limit(options.seriesToPlot()).toList();
    }

    /**
     * Writes {@code metrics.json} and {@code report.html} as the folder {@code folder}, replacing whatever was there.
     *
     * @param context   what was evaluated (model, data, horizon, stride, origins, dates, ...), shown in the
     *                  report's header and written into metrics.json as given (insertion order kept)
     * @param sums      the errors of every forecast
     * @param plotted   forecasts of the series to plot (see {@link #seriesToPlot}); series beyond
     *                  {@code options.seriesToPlot()} (by name) are ignored
     * @return the metrics as written (the {@link Metrics#of} map with the context first)
     */
    public static Map<String, Object> write(Path folder, Configuration hadoop, Map<String, Object> context,
            ErrorSums sums, List<OriginForecast> plotted, PlotOptions options) throws IOException {
        return write(folder, hadoop, context, sums, plotted, options, null, tmp -> { });
    }

    /**
     * As {@link #write(Path, Configuration, Map, ErrorSums, List, PlotOptions)}, with the quantile forecasts'
     * {@link IntervalSums#toJson} (or null) under {@code intervals}, and {@code more} writing further files into the
     * folder before it is put in place (all replace the old folder together).
     */
    public static Map<String, Object> write(Path folder, Configuration hadoop, Map<String, Object> context,
            ErrorSums sums, List<OriginForecast> plotted, PlotOptions options, Map<String, Object> intervals,
            AtomicDirectory.Contents more) throws IOException {
        for (OriginForecast f : plotted) {
            ErrorSums.checkShape(f, sums.targets().size(), sums.horizon(), "EvaluationReport.write");
        }
        List<Metrics.TargetMetrics> computed = Metrics.compute(sums);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("context", context);
        metrics.putAll(Metrics.of(sums, computed));
        if (intervals != null) {
            metrics.put("intervals", intervals);
        }
        List<Map<String, Object>> plots = ForecastPlots.of(plotted, sums.targets(), options.seriesToPlot(),
                options.originsPerPlot());
        String html = ReportHtml.render(context, computed, sums.horizon(), plots);

        FileSystem fs = folder.getFileSystem(hadoop);
        Path dir = fs.makeQualified(new Path(folder.toString())); // a URI of a directory may end in "/": no name to rename
        if (dir.getParent() != null) {
            fs.mkdirs(dir.getParent());
        }
        AtomicDirectory.write(fs, dir, tmp -> {
            write(fs, new Path(tmp, METRICS_FILE), JSON.writeValueAsBytes(metrics));
            write(fs, new Path(tmp, REPORT_FILE), html.getBytes(StandardCharsets.UTF_8));
            more.writeInto(tmp);
        });
        return metrics;
    }

    private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(bytes);
            out.hsync(); // on disk before the folder's rename publishes it
        }
    }

}
