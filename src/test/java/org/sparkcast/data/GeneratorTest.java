package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's data goes through the default config (conf/local.properties), as CSV and as Parquet. */
class GeneratorTest {
    @TempDir
    Path dir;

    private static final SeriesGenerator GENERATOR = new SeriesGenerator(600, 3_600_000L, 1_577_836_800_000L, 3, 0.02);

    private Properties localConfig(String paths, String format) throws Exception {
        Properties p = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Path.of("conf/local.properties"))) {
            p.load(in);
        }
        p.setProperty("data.paths", paths);
        p.setProperty("data.format", format);
        p.setProperty("data.output", dir.resolve("out").toString());
        return p;
    }

    @Test
    void sameSeedGivesTheSameRows() {
        List<Row> a = GENERATOR.rows(2);
        List<Row> b = new SeriesGenerator(600, 3_600_000L, 1_577_836_800_000L, 3, 0.02).rows(2);
        assertEquals(a, b);
        assertTrue(a.size() < 600, "gaps remove rows: " + a.size());
    }

    @Test
    void generatedCsvLoadsValidatesAndWindowsWithTheDefaultConfig() throws Exception {
        String out = dir.resolve("csv").toString();
        GENERATOR.write(TestSpark.get(), 3, FileFormat.CSV, out);
        PreparedData d = DataPipeline.prepare(TestSpark.get(), DataConfig.fromProperties(localConfig(out + "/*.csv", "csv")));
        PlannedWindowCountTest.assertPlanCountsMatchBuilt(d);
        RunReport r = d.report();
        long rows = GENERATOR.rows(0).size() + GENERATOR.rows(1).size() + GENERATOR.rows(2).size();
        assertEquals(rows, r.count("rows", "read"));
        assertEquals(3, r.count("series", "kept"));
        assertTrue(r.count("steps", "imputed") > 0);
        assertTrue(r.count("windows.train", "windows") > 0);
        d.writeOutputs(TestSpark.get().sparkContext().hadoopConfiguration());
        assertTrue(java.nio.file.Files.readString(dir.resolve("out/run-report.json")).contains("\"windows\""));
    }

    @Test
    void generatedParquetLoadsLikeCsv() throws Exception {
        String out = dir.resolve("parquet").toString();
        GENERATOR.write(TestSpark.get(), 2, FileFormat.PARQUET, out);
        RunReport r = DataPipeline.prepare(TestSpark.get(), DataConfig.fromProperties(localConfig(out, "parquet"))).report();
        assertEquals(GENERATOR.rows(0).size() + GENERATOR.rows(1).size(), r.count("rows", "read"));
        assertEquals(2, r.count("series", "kept"));
    }
}
