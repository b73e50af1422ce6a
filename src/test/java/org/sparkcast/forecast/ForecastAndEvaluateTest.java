package org.sparkcast.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.LocalDateTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataPipeline;
import org.sparkcast.data.InvalidDataException;
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
 * forecast and evaluate end to end on hand-written series, with a hand-made "persistence" model: a ReLU RNN
 * of one unit whose input weight picks the target and whose head copies the unit, so (with positive values and
 * no scaling) it predicts the next value to be the current one, and its roll-out repeats the value at the
 * origin. Its forecasts are known exactly, and it must tie the naive baseline.
 */
class ForecastAndEvaluateTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    private static final int STEPS = 60;

    @TempDir
    Path dir;
    private SparkSession spark;
    private Configuration hadoop;
    private Properties props;

    @BeforeEach
    void setUp() {
        spark = TestSpark.get();
        hadoop = spark.sparkContext().hadoopConfiguration();
        props = new Properties();
        props.setProperty("data.name", "tiny");
        props.setProperty("data.paths", dir.resolve("in/*.csv").toString());
        props.setProperty("data.output", dir.resolve("report").toString());
        props.setProperty("data.series.columns", "id");
        props.setProperty("data.time.columns", "time");
        props.setProperty("data.time.pattern", "yyyy-MM-dd HH:mm");
        props.setProperty("data.columns.targets", "y");
        props.setProperty("data.window.steps", "4");
        props.setProperty("data.window.lanes", "2");
        props.setProperty("data.partitions", "2");
        props.setProperty("data.split.train", "0.5");
        props.setProperty("data.split.validation", "0.25");
        props.setProperty("data.scaling", "none");
        props.setProperty("data.gap.max-steps", "2");
        props.setProperty(ForecastKeys.OUTPUT, dir.resolve("forecasts").toString());
        props.setProperty(ForecastKeys.EVAL_OUTPUT, dir.resolve("evaluation").toString());
        props.setProperty(ForecastKeys.MODEL_DIR, dir.resolve("model").toString());
    }

    /** y of series {@code s} at step t: positive, distinct per step and series. */
    private static double value(int s, int t) {
        return 10 + 3 * s + 5 * Math.sin(t / 3.0) + t * 0.01;
    }

    private static String time(int t) {
        return Instant.ofEpochMilli(START + t * HOUR).toString().substring(0, 16).replace('T', ' ');
    }

    /** Series a and b, {@code STEPS} hourly rows each; {@code missing} steps of series a left empty. */
    private void writeData(String header, int... missing) throws IOException {
        writeData(STEPS, header, missing);
    }

    private void writeData(int steps, String header, int... missing) throws IOException {
        Files.createDirectories(dir.resolve("in"));
        List<String> lines = new ArrayList<>(List.of(header));
        for (int s = 0; s < 2; s++) {
            for (int t = 0; t < steps; t++) {
                final int step = t;
                boolean gone = s == 0 && java.util.Arrays.stream(missing).anyMatch(m -> m == step);
                lines.add((s == 0 ? "a" : "b") + "," + time(t) + "," + (gone ? "NA" : String.valueOf(value(s, t))));
            }
        }
        Files.writeString(dir.resolve("in/data.csv"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** Prepares the data as training would and writes the persistence model with its data description. */
    private void writePersistenceModel() throws IOException {
        writeModel(false);
    }

    /** Stateful: the unit also adds its previous value (W_hh = 1), so it predicts the running sum since the segment start. */
    private void writeModel(boolean stateful) throws IOException {
        writeModel(stateful, 0);
    }

    /** The unit reads input feature {@code feature} (0: the target; then past covariates, future covariates, calendar). */
    private void writeModel(boolean stateful, int feature) throws IOException {
        PreparedData prepared = DataPipeline.prepare(spark, DataConfig.fromProperties(props));
        int inputs = prepared.layout().width();
        NetworkSpec spec = new NetworkSpec(CellType.RNN_RELU, inputs, 1, 1, Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS);
        ParameterLayout layout = new ParameterLayout(spec);
        float[] params = new float[layout.size()];
        params[layout.weightIh(0, 0).offset() + feature] = 1f; // the unit reads one input feature (default the target) ...
        params[layout.headWeight().offset()] = 1f;            // ... and the head copies the unit
        if (stateful) {
            params[layout.weightHh(0, 0).offset()] = 1f;
        }
        Map<String, Object> training = Map.of("data", prepared.modelDescription(hadoop));
        ModelDirectory.write(new SavedModel(spec, params, training), dir.resolve("model").toString(), hadoop);
        prepared.release();
    }

    private ForecastRun.Result forecast(String asOf, int horizon) throws IOException {
        props.setProperty(ForecastKeys.AS_OF, asOf);
        props.setProperty(ForecastKeys.HORIZON, String.valueOf(horizon));
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        return ForecastRun.run(spark, ForecastModel.load(settings.modelDir(), hadoop, props), settings);
    }

    @Test
    void forecastOfThePersistenceModelRepeatsTheValueAtTheAsOfTimeForEveryStep() throws IOException {
        writeData("id,time,y");
        writePersistenceModel();
        ForecastRun.Result r = forecast("2020-01-02T10:00", 5); // step 34
        assertEquals(10, r.rows().size());
        for (Row row : r.rows()) {
            int s = row.getString(0).equals("a") ? 0 : 1;
            int step = row.getInt(3);
            assertEquals(START + 34 * HOUR, row.getTimestamp(1).getTime(), "issue time is the as-of time");
            assertEquals(START + (34 + step) * HOUR, row.getTimestamp(2).getTime(), "target time of step " + step);
            assertEquals("y", row.getString(4));
            assertEquals(value(s, 34), row.getDouble(5), 1e-4, "series " + s + " step " + step);
        }
    }

    @Test
    void rerunForTheSameAsOfTimeReplacesItsOutputAndLeavesOtherAsOfTimesAlone() throws IOException {
        writeData("id,time,y");
        writePersistenceModel();
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        ForecastWriter.write(spark, forecast("2020-01-02T09:00", 3), settings);
        ForecastWriter.write(spark, forecast("2020-01-02T10:00", 5), settings);
        org.apache.hadoop.fs.Path again = ForecastWriter.write(spark, forecast("2020-01-02T10:00", 2), ForecastSettings.fromProperties(props));
        assertEquals(4, spark.read().parquet(again.toString()).count(), "the re-run's 2 steps x 2 series, not 5 + 2");
        assertEquals(6, spark.read().parquet(dir.resolve("forecasts/as_of=20200102T0900Z").toString()).count());
        try (Stream<Path> listing = Files.list(dir.resolve("forecasts"))) {
            assertEquals(List.of("as_of=20200102T0900Z", "as_of=20200102T1000Z"),
                    listing.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary or old folder left");
        }
        assertTrue(Files.exists(Path.of(again.toUri().getPath(), ForecastWriter.REPORT)));
    }

    @Test
    void modelFromAnotherSchemaIsRefusedNamingTheKey() throws IOException {
        writeData("id,time,y");
        writePersistenceModel();
        props.setProperty("data.columns.past", "temp");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastModel.load(dir.resolve("model").toString(), hadoop, props));
        assertTrue(e.getMessage().contains("data.columns.past: model '', data config 'temp'"), e.getMessage());
    }

    @Test
    void missingColumnInNewDataIsAClearError() throws IOException {
        writeData("id,time,y");
        writePersistenceModel();
        writeData("id,time,value");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> forecast("", 3));
        assertTrue(e.getMessage().contains("'y'"), e.getMessage());
    }

    @Test
    void tooLittleHistoryIsAnErrorNamingTheSeriesOrSkippedWhenAllowed() throws IOException {
        writeData("id,time,y", 28, 29);      // series a: a gap at steps 28-29 (not longer than max-steps 2: imputed) ...
        writePersistenceModel();
        props.setProperty("data.gap.max-steps", "1"); // ... but forecasting with max-steps 1 cuts a's history at step 30
        props.setProperty(ForecastKeys.MIN_HISTORY, "10");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> forecast("2020-01-02T12:00", 3)); // step 36
        assertTrue(e.getMessage().contains("series 'a': only 7 contiguous steps of history up to 2020-01-02T12:00:00Z, fewer than 10"),
                e.getMessage());
        props.setProperty(ForecastKeys.UNFIT_SERIES, "skip");
        ForecastRun.Result r = forecast("2020-01-02T12:00", 3);
        assertEquals(3, r.rows().size(), "series b only");
        assertEquals(1, ((List<?>) r.report().get("series_skipped")).size());
        assertTrue(r.report().get("model_files").toString().startsWith(dir.resolve("model/versions") + "/"), r.report().toString());
    }

    @Test
    void backtestOfThePersistenceModelTiesTheNaiveBaselineOnEveryOrigin() throws IOException {
        writeData("id,time,y", 50);           // one unobserved (imputed) actual in a's test range
        writePersistenceModel();
        props.setProperty(ForecastKeys.EVAL_HORIZON, "3");
        props.setProperty(ForecastKeys.EVAL_STRIDE, "2");
        props.setProperty(ForecastKeys.EVAL_SEASON, "4");
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        EvaluateRun.Result r = EvaluateRun.run(spark, ForecastModel.load(settings.modelDir(), hadoop, props), settings);
        // test range: steps 45..59 of each series; origins 44, 46, ..., 56 (origin + 3 <= 59): 7 per series, less a's
        // origin 50, which was imputed from step 51 (a forecast made at 50 could not have known it)
        assertEquals(13, r.origins());
        assertEquals(1L, ((Map<?, ?>) r.metrics().get("context")).get("origins_at_imputed_steps"));
        assertEquals(dir.resolve("model/versions/" + Files.readString(dir.resolve("model/CURRENT")).trim()).toString(),
                ((Map<?, ?>) r.metrics().get("context")).get("model_files"), "the evaluation names the version it read");
        @SuppressWarnings("unchecked")
        Map<String, Object> overall = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) r.metrics().get("targets"))
                .get("y")).get("overall");
        assertEquals(1.0, ((Number) overall.get("relative_mae_naive")).doubleValue(), 1e-6, "float32 predictions of the same values");
        // a's imputed step 50 is also the target of origin 48 (its step 2): not scored
        assertEquals(13 * 3 - 1, ((Number) overall.get("points")).longValue());
        assertTrue(Files.exists(dir.resolve("evaluation/report.html")));
        assertTrue(Files.exists(dir.resolve("evaluation/metrics.json")));
    }

    @Test
    void warmUpCarriesTheStateFromTheSegmentStartAndTheRollOutFeedsPredictionsBack() throws IOException {
        writeData(400, "id,time,y", 100, 101, 102, 103); // a's gap of 4 > max-steps 2: its last segment starts at 104
        writeModel(true);
        props.setProperty(ForecastKeys.HISTORY_STEPS, "-1"); // all history: the warm-up starts at the segment start
        ForecastRun.Result r = forecast(time(390).replace(' ', 'T'), 3);
        double sumA = 0;
        for (int t = 104; t <= 390; t++) {                // 287 steps: more than one chunk of teacher forcing
            sumA += value(0, t);
        }
        double sumB = 0;
        for (int t = 0; t <= 390; t++) {
            sumB += value(1, t);
        }
        for (Row row : r.rows()) {
            double sum = row.getString(0).equals("a") ? sumA : sumB;
            double expected = sum * Math.pow(2, row.getInt(3) - 1); // h = h + input: S, then S + S, then 2S + 2S
            assertEquals(expected, row.getDouble(5), expected * 1e-5, row.toString());
        }
        assertEquals(6, r.rows().size());
    }

    @Test
    void aBoundedHistoryWarmsTheStateOnExactlyItsRecentSteps() throws IOException {
        writeData(400, "id,time,y");
        writeModel(true);
        props.setProperty(ForecastKeys.HISTORY_STEPS, "50");
        ForecastRun.Result r = forecast(time(390).replace(' ', 'T'), 2);
        assertEquals(50, r.report().get("history_steps"));
        assertEquals(Instant.ofEpochMilli(START + 341 * HOUR).toString(), r.report().get("history_from"));
        for (Row row : r.rows()) {
            int s = row.getString(0).equals("a") ? 0 : 1;
            double sum = 0;
            for (int t = 341; t <= 390; t++) {           // the 50 steps up to the as-of time, and no older one
                sum += value(s, t);
            }
            double expected = sum * Math.pow(2, row.getInt(3) - 1);
            assertEquals(expected, row.getDouble(5), expected * 1e-5, row.toString());
        }
        assertEquals(4, r.rows().size());
    }

    @Test
    void aSeriesWithNoRowInTheHistoryReadIsNamedNotLost() throws IOException {
        writeData(400, "id,time,y");
        writePersistenceModel();
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("in/data.csv")));
        lines.removeIf(l -> l.startsWith("b,") && l.substring(2, 18).compareTo(time(200)) > 0); // b stops reporting after step 200
        Files.write(dir.resolve("in/data.csv"), lines);
        props.setProperty(ForecastKeys.HISTORY_STEPS, "50");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> forecast(time(390).replace(' ', 'T'), 2));
        assertTrue(e.getMessage().startsWith("series 'b': its newest row is at " + Instant.ofEpochMilli(START + 200 * HOUR)
                + ", before the 50 steps of history read up to " + Instant.ofEpochMilli(START + 390 * HOUR)
                + " (forecast.history-steps); set forecast.unfit-series=skip"), e.getMessage());
        props.setProperty(ForecastKeys.UNFIT_SERIES, "skip");
        ForecastRun.Result r = forecast(time(390).replace(' ', 'T'), 2);
        assertEquals(2, r.rows().size(), "series a only");
        assertTrue(r.report().get("series_skipped").toString().contains("series 'b': its newest row"), r.report().toString());
    }

    @Test
    void failedRewriteOfAnAsOfTimeLeavesTheEarlierForecastAndNoTemporaryFolder() throws IOException {
        writeData("id,time,y");
        writePersistenceModel();
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        org.apache.hadoop.fs.Path first = ForecastWriter.write(spark, forecast("2020-01-02T10:00", 3), settings);
        ForecastRun.Result good = forecast("2020-01-02T10:00", 2);
        List<Row> broken = new ArrayList<>(good.rows());
        Row last = broken.remove(broken.size() - 1);
        broken.add(org.apache.spark.sql.RowFactory.create(last.get(0), last.get(1), last.get(2), last.get(3), last.get(4), "not a number"));
        assertThrows(RuntimeException.class, () -> ForecastWriter.write(spark, new ForecastRun.Result(good.asOf(), broken, good.report(), good.schema(), good.html()), settings));
        assertEquals(6, spark.read().parquet(first.toString()).count(), "the earlier forecast, untouched");
        try (Stream<Path> listing = Files.list(dir.resolve("forecasts"))) {
            assertEquals(List.of("as_of=20200102T1000Z"), listing.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** y, a past covariate temp and a known-future schedule event; after step {@code last}, rows hold event only. */
    private void writeCovariateData(int last, int rows) throws IOException {
        Files.createDirectories(dir.resolve("in"));
        List<String> lines = new ArrayList<>(List.of("id,time,y,temp,event"));
        for (int t = 0; t < rows; t++) {
            String y = t <= last ? String.valueOf(value(0, t)) : "";
            String temp = t <= last ? String.valueOf(20 + t % 7) : "";
            lines.add("a," + time(t) + "," + y + "," + temp + "," + (t % 5 + 1));
        }
        Files.writeString(dir.resolve("in/data.csv"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        props.setProperty("data.columns.past", "temp");
        props.setProperty("data.columns.future", "event");
    }

    @Test
    void rollOutTakesTheKnownFutureCovariateOfEachTargetTime() throws IOException {
        writeCovariateData(49, 60);                      // event known up to step 59, y and temp up to 49
        writeModel(false, 2);                            // predicts its input's known-future block: event of t+1
        ForecastRun.Result r = forecast("", 4);          // as of the newest complete step, 49
        assertEquals(START + 49 * HOUR, r.asOf());
        for (Row row : r.rows()) {
            int target = 49 + row.getInt(3);
            assertEquals(target % 5 + 1, row.getDouble(5), 1e-5, "event at step " + target);
        }
    }

    @Test
    void knownFutureCovariatesAreResampledIntoTheirGridBucketAsCleaningResamples() throws IOException {
        writeCovariateData(49, 60);
        // a second row in each future step's bucket, half an hour later, with another schedule value
        List<String> late = new ArrayList<>();
        for (int t = 50; t < 60; t++) {
            late.add("a," + LocalDateTime.ofEpochSecond((START + t * HOUR + HOUR / 2) / 1000, 0, ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + ",,," + (100 + t));
        }
        Files.writeString(dir.resolve("in/data.csv"), String.join("\n", late) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        props.setProperty("data.policy.off-grid", "resample");
        writeModel(false, 2);                            // predicts its input's known-future block: event of t+1
        for (String resample : List.of("mean", "last")) {
            props.setProperty("data.resample", resample);
            ForecastRun.Result r = forecast("", 4);
            assertEquals(START + 49 * HOUR, r.asOf());
            for (Row row : r.rows()) {
                int target = 49 + row.getInt(3);
                double expected = resample.equals("last") ? 100 + target : (target % 5 + 1 + 100 + target) / 2.0;
                assertEquals(expected, row.getDouble(5), 1e-4, resample + ": event at step " + target);
            }
        }
    }

    @Test
    void rollOutHoldsThePastCovariateAtItsValueAtTheOrigin() throws IOException {
        writeCovariateData(49, 60);
        writeModel(false, 1);                            // predicts the past covariate temp of its input step
        ForecastRun.Result r = forecast("", 4);
        assertEquals(4, r.rows().size());
        for (Row row : r.rows()) {
            assertEquals(20 + 49 % 7, row.getDouble(5), 1e-5, "temp held at step 49's value, step " + row.getInt(3));
        }
    }
}
