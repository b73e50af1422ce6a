package org.sparkcast.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.PreparedData;
import org.sparkcast.data.TestSpark;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.ParameterLayout;
import org.sparkcast.model.ModelDirectory;
import org.sparkcast.model.SavedModel;

/**
 * forecast and evaluate of a direct model: no roll-out, the head at the origin holds every step. A hand-made ReLU RNN of
 * one unit reads the target; its head's output for horizon step h and quantile level k is {@code (1 + h / 100) * m_k}
 * times the unit, so the forecasts are known exactly. Hourly series in UTC+02:00, to check origins on the local clock.
 */
class DirectForecastTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = Instant.parse("2021-03-01T00:00:00Z").toEpochMilli();
    private static final int STEPS = 96;

    @TempDir
    Path dir;
    private SparkSession spark;
    private Configuration hadoop;
    private Properties props;

    @BeforeEach
    void setUp() throws IOException {
        spark = TestSpark.get();
        hadoop = spark.sparkContext().hadoopConfiguration();
        props = new Properties();
        Map.of("data.name", "direct", "data.paths", dir.resolve("in/*.csv").toString(), "data.output", dir.resolve("report").toString(),
                "data.series.columns", "site", "data.time.columns", "time", "data.time.pattern", "yyyy-MM-dd HH:mm",
                "data.time.zone", "+02:00", "data.columns.targets", "pm", "data.scaling", "none").forEach(props::setProperty);
        Map.of("data.window.steps", "6", "data.window.lanes", "2", "data.partitions", "1", "data.split.train", "0.5",
                "data.split.validation", "0.25", ForecastKeys.EVAL_OUTPUT, dir.resolve("evaluation").toString(),
                ForecastKeys.MODEL_DIR, dir.resolve("model").toString()).forEach(props::setProperty);
        Files.createDirectories(dir.resolve("in"));
        List<String> lines = new ArrayList<>(List.of("site,time,pm"));
        for (String site : List.of("north", "south", "east")) {
            for (int t = 0; t < STEPS; t++) {
                lines.add(site + "," + local(t) + "," + value(site, t));
            }
        }
        Files.writeString(dir.resolve("in/pm.csv"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static double value(String site, int t) {
        return 20 + site.length() + 8 * Math.cos(2 * Math.PI * t / 24) + 0.05 * t;
    }

    /** Step t as written in the file: local time at UTC+02:00. */
    private static String local(int t) {
        return Instant.ofEpochMilli(START + t * HOUR + 2 * HOUR).toString().substring(0, 16).replace('T', ' ');
    }

    /** A direct model of horizon H with quantile levels {@code levels} (none: the mean) and per-level multipliers {@code m}. */
    private void writeModel(int horizon, String levels, float... m) throws IOException {
        writeModel(horizon, levels, false, m);
    }

    /** {@code skip}: trained with the naive skip (the head's outputs are added to the target at the origin). */
    private void writeModel(int horizon, String levels, boolean skip, float... m) throws IOException {
        PreparedData prepared = DataPipeline.prepare(spark, DataConfig.fromProperties(props));
        int q = Math.max(1, m.length);
        NetworkSpec spec = new NetworkSpec(CellType.RNN_RELU, prepared.layout().width(), 1, 1, Directionality.UNIDIRECTIONAL,
                horizon * q, LossKind.MSE_ALL_STEPS);
        ParameterLayout layout = new ParameterLayout(spec);
        float[] params = new float[layout.size()];
        params[layout.weightIh(0, 0).offset()] = 1f;                         // the unit reads the target
        for (int h = 0; h < horizon; h++) {
            for (int k = 0; k < q; k++) {
                params[layout.headWeight().offset() + h * q + k] = (1 + h / 100f) * (m.length == 0 ? 1f : m[k]);
            }
        }
        Map<String, Object> training = Map.of("data", prepared.modelDescription(hadoop), "config",
                Map.of("train.objective", "direct", "train.horizon", String.valueOf(horizon), "train.quantiles", levels,
                        "train.naive-skip", String.valueOf(skip)));
        ModelDirectory.write(new SavedModel(spec, params, training), dir.resolve("model").toString(), hadoop);
        prepared.release();
    }

    private ForecastModel load() {
        return ForecastModel.load(dir.resolve("model").toString(), hadoop, props);
    }

    @Test
    void forecastReadsEveryStepFromTheHeadAtTheAsOfStepAndSortsCrossingQuantiles() throws IOException {
        // levels 0.1, 0.5, 0.9 come out as 1.2, 0.8, 1.0 times the unit: crossing; sorted, the median is 1.0 times it
        writeModel(6, "0.1,0.5,0.9", 1.2f, 0.8f, 1.0f);
        props.setProperty(ForecastKeys.AS_OF, local(80).replace(' ', 'T'));
        props.setProperty(ForecastKeys.HORIZON, "4");
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        ForecastRun.Result r = ForecastRun.run(spark, load(), settings);
        assertEquals(3 * 4, r.rows().size());
        for (Row row : r.rows()) {
            int step = row.getInt(3);
            double expected = value(row.getString(0), 80) * (1 + (step - 1) / 100.0);
            assertEquals(expected, row.getDouble(5), expected * 1e-6, row.toString());
            assertEquals(0.8 * expected, row.getDouble(6), expected * 1e-6, "q0.1, sorted: " + row);
            assertEquals(expected, row.getDouble(7), expected * 1e-6, "q0.5: " + row);
            assertEquals(1.2 * expected, row.getDouble(8), expected * 1e-6, "q0.9: " + row);
        }
        assertEquals(List.of("q0.1", "q0.5", "q0.9"), List.of(r.schema().fieldNames()).subList(6, 9));
        String html = r.html();
        assertTrue(html.contains("\"series\":\"east\"") && html.contains("\"series\":\"south\""), "every series is plotted");
        assertTrue(html.contains(String.valueOf(value("east", 80))), "the history up to the as-of step is drawn");
        assertTrue(html.contains("2021-03-04 10:00"), "labels in the data's local time (step 80 is 08:00Z): "
                + html.substring(html.indexOf("\"labels\""), html.indexOf("\"labels\"") + 200));
    }

    @Test
    void backtestOfADirectPersistenceModelTiesNaiveAtOriginsOnTheLocalClock() throws IOException {
        writeModel(3, "", new float[0]);
        props.setProperty(ForecastKeys.EVAL_HORIZON, "2");
        props.setProperty(ForecastKeys.EVAL_SEASON, "24");
        props.setProperty(ForecastKeys.EVAL_ORIGIN_TIME, "23:00");
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        EvaluateRun.Result r = EvaluateRun.run(spark, load(), settings);
        // test range: steps 72..95; local 23:00 is UTC 21:00, steps 21 + 24k: origin 93 only (targets 94, 95), per series
        assertEquals(3, r.origins());
        @SuppressWarnings("unchecked")
        Map<String, Object> overall = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) r.metrics().get("targets"))
                .get("pm")).get("overall");
        // step 1 is the value at the origin, step 2 is 1.01 times it: the MAE ratio to naive is known exactly
        double naive = 0;
        double model = 0;
        for (String site : List.of("north", "south", "east")) {
            naive += Math.abs(value(site, 94) - value(site, 93)) + Math.abs(value(site, 95) - value(site, 93));
            model += Math.abs(value(site, 94) - value(site, 93)) + Math.abs(value(site, 95) - 1.01 * value(site, 93));
        }
        assertEquals(model / naive, ((Number) overall.get("relative_mae_naive")).doubleValue(), 1e-5);
        assertEquals(6L, ((Number) overall.get("points")).longValue());
        // Hyndman's MASE: each series' in-sample seasonal-naive MAE on its training range (steps 0..47, season 24) is
        // |v(t) - v(t - 24)| = 0.05 * 24 = 1.2 at every step (the daily cosine cancels)
        assertEquals(model / 6 / 1.2, ((Number) ((Map<?, ?>) overall.get("model")).get("mase")).doubleValue(), 1e-5);
        assertEquals(naive / 6 / 1.2, ((Number) ((Map<?, ?>) overall.get("naive")).get("mase")).doubleValue(), 1e-5);
        List<Row> written = spark.read().parquet(dir.resolve("evaluation/forecasts").toString()).sort("series", "step").collectAsList();
        assertEquals(6, written.size(), "every forecast of the backtest is written");
        Row east2 = written.get(1);                          // east, step 2: origin 93, target 95
        assertEquals("east", east2.getString(0));
        assertEquals(START + 93 * HOUR, east2.getTimestamp(1).getTime());
        assertEquals(START + 95 * HOUR, east2.getTimestamp(2).getTime());
        assertEquals(1.01 * value("east", 93), east2.getDouble(5), 1e-4, "forecast");
        assertEquals(value("east", 95), east2.getDouble(6), 1e-4, "actual");
        assertEquals(value("east", 93), east2.getDouble(7), 1e-4, "naive");
        assertEquals(value("east", 71), east2.getDouble(8), 1e-4, "seasonal naive: one day before the target");
    }

    @Test
    void aNaiveSkipModelWhoseHeadIsZeroForecastsPersistenceExactly() throws IOException {
        writeModel(3, "0.1,0.5,0.9", true, 0f, 0f, 0f);
        props.setProperty(ForecastKeys.EVAL_FORMAT, "csv");
        props.setProperty(ForecastKeys.EVAL_HORIZON, "3");
        props.setProperty(ForecastKeys.EVAL_STRIDE, "5");
        props.setProperty(ForecastKeys.MIN_HISTORY, "80");
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        EvaluateRun.Result r = EvaluateRun.run(spark, load(), settings);
        // origins 71, 76, 81, 86, 91 per series; 71 and 76 have fewer than 80 steps of history: left out and counted
        assertEquals(9, r.origins());
        assertEquals(6L, ((Map<?, ?>) r.metrics().get("context")).get("origins_short_history"));
        @SuppressWarnings("unchecked")
        Map<String, Object> overall = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) r.metrics().get("targets"))
                .get("pm")).get("overall");
        assertEquals(1.0, ((Number) overall.get("relative_mae_naive")).doubleValue(), 1e-6, "the forecast is the value at the origin");
        @SuppressWarnings("unchecked")
        Map<String, Object> interval = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) r.metrics().get("intervals"))
                .get("pm")).get("overall");
        assertEquals(0.0, ((Number) interval.get("width")).doubleValue(), 1e-4, "all three quantiles are the origin's value");
        assertEquals(overall.get("points"), interval.get("points"), "intervals are scored on the same points");
        String csv;
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("evaluation/forecasts"))) {
            Path part = files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
            csv = Files.readString(part);
        }
        assertTrue(csv.startsWith("series,origin_time,target_time,step,target,forecast,actual,naive,seasonal_naive,q0.1,q0.5,q0.9"), csv);
        assertTrue(csv.contains("\neast,2021-03-04T11:00:00+02:00,2021-03-04T12:00:00+02:00,1,pm,"), "origin 81 (09:00Z) in the data's zone with its offset: " + csv.substring(0, 300));
    }

    @Test
    void backtestLongerThanTheTrainedHorizonIsRefused() throws IOException {
        writeModel(3, "", new float[0]);
        props.setProperty(ForecastKeys.EVAL_HORIZON, "4");
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluateRun.run(spark, load(), settings));
        assertTrue(e.getMessage().contains("evaluate.horizon=4 is longer than the 3 steps"), e.getMessage());
    }
}
