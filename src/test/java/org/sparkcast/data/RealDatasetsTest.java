package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled configs on the real datasets in {@code ../shared/data} (system property
 * {@code sparkcast.shared}): each loads, validates and windows without error, and the report's counts
 * match the datasets' READMEs. Skipped with a message when the folder is absent (the data may not be
 * copied into the project). The 12-station Beijing set is read in full by {@code sparkcast prepare}
 * only; here its test reads two stations, to keep the suite fast.
 */
class RealDatasetsTest {
    @TempDir
    Path out;

    private static Path shared() {
        Path shared = Path.of(System.getProperty("sparkcast.shared", "../shared"));
        assumeTrue(Files.isDirectory(shared.resolve("data")),
                "real datasets not found in " + shared.toAbsolutePath().normalize() + "/data: skipping (set -Dsparkcast.shared)");
        return shared;
    }

    private PreparedData prepare(String conf, String pathOverride) throws Exception {
        Path shared = shared();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("conf", conf))) {
            p.load(in);
        }
        String paths = pathOverride != null ? pathOverride : p.getProperty("data.paths");
        p.setProperty("data.paths", paths.replace("../shared", shared.toAbsolutePath().normalize().toString()));
        p.setProperty("data.output", out.toString());
        assertTrue(p.stringPropertyNames().stream().anyMatch(k -> k.startsWith(DataKeys.RANGE_PREFIX)),
                conf + " declares the physical ranges of its columns");
        PreparedData d = DataPipeline.prepare(TestSpark.get(), DataConfig.fromProperties(p));
        PlannedWindowCountTest.assertPlanCountsMatchBuilt(d);
        RunReport r = d.report();
        d.writeOutputs(TestSpark.get().sparkContext().hadoopConfiguration());
        long dropped = 0;
        for (Object n : r.section("rows.dropped").values()) {
            dropped += ((Number) n).longValue();
        }
        assertEquals(r.count("rows", "read"), r.count("rows", "kept") + dropped, "every row read is kept or dropped for a reason");
        assertEquals(0, r.count("cells", "out-of-range") + r.count("rows.dropped", "out-of-range"), "the real data lies in its ranges");
        return d;
    }

    @Test
    void airQualityUciReadsDecimalCommaMinus200AndSkipsTheBlankTail() throws Exception {
        RunReport r = prepare("airquality-uci.properties", null).report();
        assertEquals(9357, r.count("rows", "read"));
        assertEquals(114, r.count("rows", "blank-skipped"));
        assertEquals(3 * 366, r.count("cells", "missing-marker")); // RH, AH, T share the 366 outage hours
        assertEquals(1, r.count("series", "kept"));
        assertTrue(r.count("windows.train", "windows") > 0);
    }

    @Test
    void beijingPm25ReadsOneSeriesFromTheFileName() throws Exception {
        RunReport r = prepare("beijing-pm25.properties", null).report();
        assertEquals(43824, r.count("rows", "read"));
        assertEquals(2067, r.count("cells", "missing-marker"));
        assertEquals(1, r.count("series", "kept"));
        assertTrue(r.count("windows.test", "windows") > 0);
    }

    @Test
    void beijingMultisiteReadsStationsWithQuotedHeadersAndNa() throws Exception {
        RunReport r = prepare("beijing-multisite.properties",
                "../shared/data/beijing-multisite/PRSA_Data_{Aotizhongxin,Changping}_20130301-20170228.csv.gz").report();
        assertEquals(2 * 35064, r.count("rows", "read"));
        assertEquals(2, r.count("series", "kept"));
        assertTrue(r.count("windows.validation", "windows") > 0);
    }

    @Test
    void hurdat2StormsAreShortIrregularSeriesResampledToSixHours() throws Exception {
        RunReport r = prepare("hurdat2.properties", null).report();
        assertEquals(55605, r.count("rows", "read"));
        assertEquals(2004, r.count("series", "found"));
        assertEquals(1062, r.count("rows", "off-grid-resampled"));
        assertEquals(57, r.count("cells", "missing-marker")); // wind -99 only
        assertTrue(r.count("segments", "dropped-short") > 0);
        assertTrue(r.count("windows.train", "windows") > 0);
    }
}
