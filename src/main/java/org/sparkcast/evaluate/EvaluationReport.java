package org.sparkcast.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;

import org.apache.hadoop.fs.Options.Rename;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Writes the output of {@code sparkcast evaluate} into a folder on any Hadoop filesystem:
 * <pre>
 * metrics.json  {"context": {...}, "format": "sparkcast-metrics", "version": 1, ..., "targets": {...}}
 *               (see {@link Metrics}; the context is what the caller passed: model, data, horizon, ...)
 * report.html   one self-contained page: the context, per target the overall and per-series tables and
 *               the error-by-horizon chart, and forecast-vs-actual charts of a few series; Chart.js is
 *               inlined, so it opens offline
 * </pre>
 * Each file is written under a temporary name in the folder and renamed into place, so a reader never sees a
 * half-written file; an existing file is replaced (atomically where the filesystem can, as HDFS; elsewhere
 * Hadoop deletes it just before the rename).
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
     * Writes {@code metrics.json} and {@code report.html} into {@code folder} (created if missing).
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
        for (OriginForecast f : plotted) {
            ErrorSums.checkShape(f, sums.targets().size(), sums.horizon(), "EvaluationReport.write");
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("context", context);
        metrics.putAll(Metrics.of(sums));
        List<Map<String, Object>> plots = ForecastPlots.of(plotted, sums.targets(), options.seriesToPlot(),
                options.originsPerPlot());
        String html = ReportHtml.render(context, Metrics.compute(sums), sums.horizon(), plots);

        FileSystem fs = folder.getFileSystem(hadoop);
        Path dir = fs.makeQualified(folder);
        fs.mkdirs(dir);
        writeAtomically(fs, hadoop, new Path(dir, METRICS_FILE), JSON.writeValueAsBytes(metrics));
        writeAtomically(fs, hadoop, new Path(dir, REPORT_FILE), html.getBytes(StandardCharsets.UTF_8));
        return metrics;
    }

    /** Writes {@code bytes} to a temporary sibling of {@code target}, then renames it over {@code target}. */
    private static void writeAtomically(FileSystem fs, Configuration hadoop, Path target, byte[] bytes)
            throws IOException {
        Path tmp = new Path(target.getParent(), "_tmp-" + target.getName() + "-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
                out.hsync(); // on disk before the rename publishes it
            }
            replace(fs, hadoop, tmp, target);
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false); // a failed write leaves nothing behind
            }
        }
    }

    /**
     * Renames {@code tmp} over {@code target}: through FileContext (an atomic replace on HDFS), or, on a
     * filesystem with no FileContext binding, by deleting the old file just before the rename.
     */
    private static void replace(FileSystem fs, Configuration hadoop, Path tmp, Path target) throws IOException {
        FileContext context;
        try {
            context = FileContext.getFileContext(target.toUri(), hadoop);
        } catch (UnsupportedFileSystemException e) {
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            return;
        }
        context.rename(tmp, target, Rename.OVERWRITE);
    }
}
