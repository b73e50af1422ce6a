package org.sparkcast.forecast;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparkcast.evaluate.ForecastHtml;

/**
 * The picture of one forecast ({@code _forecast.html} beside its rows): for the first {@code forecast.plot-series}
 * series by name, the last {@link #HISTORY_HORIZONS} horizons of observed history and the forecast with the outer
 * quantile interval. History comes from the cleaned steps the forecast read (imputed or missing steps are gaps).
 */
final class ForecastPicture {
    /** History shown before the as-of time, in forecast horizons. */
    static final int HISTORY_HORIZONS = 3;

    private ForecastPicture() {
    }

    /** {@code rows}: the forecast's rows ({@link ForecastOutput#schema}); {@code steps}: the cleaned steps it warmed up on. */
    static String render(ForecastModel model, ForecastSettings settings, Dataset<Row> steps, long asOf, List<Row> rows) {
        long step = model.data().policy().stepMillis();
        int horizon = settings.horizon();
        int back = HISTORY_HORIZONS * horizon;
        List<String> series = new ArrayList<>(new TreeSet<>(rows.stream().map(r -> r.getString(0)).toList()));
        series = series.subList(0, Math.min(series.size(), settings.forecastPlotSeries()));
        List<String> targets = model.targetNames();
        List<Column> cols = new ArrayList<>(List.of(col("series"), col("time"), col("observed")));
        for (int i = 0; i < targets.size(); i++) {
            cols.add(col("v" + i));
        }
        Map<String, Map<Long, Row>> history = new HashMap<>();
        if (!series.isEmpty()) {
            for (Row r : steps.where(col("series").isin(series.toArray()).and(col("time").gt(asOf - (long) back * step))
                    .and(col("time").leq(asOf))).select(cols.toArray(new Column[0])).collectAsList()) {
                history.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getLong(1), r);
            }
        }
        Map<String, Row> forecast = new HashMap<>();
        for (Row r : rows) {
            forecast.put(r.getString(0) + "\u0001" + r.getInt(3) + "\u0001" + r.getString(4), r);
        }
        ZoneId zone = model.data().source().zoneId();
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        List<String> labels = new ArrayList<>();
        for (int j = -back + 1; j <= horizon; j++) {
            labels.add(local.format(Instant.ofEpochMilli(asOf + j * step)));
        }
        int levels = ForecastOutput.quantileColumns(model).size();
        List<ForecastHtml.Plot> plots = new ArrayList<>();
        for (String s : series) {
            for (int i = 0; i < targets.size(); i++) {
                List<Double> past = new ArrayList<>();
                List<Double> point = new ArrayList<>();
                List<Double> lower = levels >= 2 ? new ArrayList<>() : null;
                List<Double> upper = levels >= 2 ? new ArrayList<>() : null;
                for (int j = -back + 1; j <= horizon; j++) {
                    Row h = j <= 0 ? history.getOrDefault(s, Map.of()).get(asOf + j * step) : null;
                    Row f = j > 0 ? forecast.get(s + "\u0001" + j + "\u0001" + targets.get(i)) : null;
                    past.add(h != null && h.getBoolean(2) ? h.getDouble(3 + i) : null);
                    point.add(f != null ? f.getDouble(5) : null);
                    if (lower != null) {
                        lower.add(f != null ? f.getDouble(6) : null);
                        upper.add(f != null ? f.getDouble(5 + levels) : null);
                    }
                }
                plots.add(new ForecastHtml.Plot(s, targets.get(i), labels, past, point, lower, upper));
            }
        }
        List<String> q = ForecastOutput.quantileColumns(model);
        String interval = q.size() >= 2 ? q.get(0) + " .. " + q.get(q.size() - 1) : "";
        return ForecastHtml.render("Sparkcast forecast as of " + local.format(Instant.ofEpochMilli(asOf)) + " (" + zone + ")",
                "model " + model.dir() + "; " + rows.stream().map(r -> r.getString(0)).distinct().count() + " series forecast, "
                        + series.size() + " plotted (forecast.plot-series); history: the last " + back + " steps, imputed or "
                        + "missing steps left as gaps" + (interval.isEmpty() ? "" : "; band: " + interval), interval, plots);
    }
}
