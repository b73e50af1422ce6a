package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cross-series covariate: the mean of a column over all series at each time, counted once, in its own column. */
class CrossSeriesMeansTest {
    @TempDir
    Path dir;

    private TinyData data() {
        return new TinyData(dir).file("pm.csv", "id,time,y",
                "a,2020-01-01 00:00,1", "b,2020-01-01 00:00,3", "c,2020-01-01 00:00,8",
                "a,2020-01-01 01:00,2", "b,2020-01-01 01:00,NA", "c,2020-01-01 01:00,4",
                "a,2020-01-01 02:00,5")
                .set("data.columns.cross-series", "y");
    }

    @Test
    void meanOverTheSeriesReadAtEachTimeIsAPastCovariateOfEverySeries() {
        TinyData t = data();
        assertEquals(List.of("y", "mean:y"), t.config().features().numericColumns());
        List<Row> rows = DataPipeline.parse(TestSpark.get(), t.config()).sort("series", "time").collectAsList();
        assertEquals(7, rows.size());
        double[] expected = {4, 3, 5, 4, 3, 4, 3};       // a@0, a@1, a@2, b@0, b@1, c@0, c@1: (1+3+8)/3, (2+4)/2, 5
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(expected[i], r.getDouble(r.fieldIndex("v1")), 1e-12, r.toString());
        }
        assertTrue(Double.isNaN(rows.get(4).getDouble(rows.get(4).fieldIndex("v0"))), "b's own missing value stays missing");
    }

    @Test
    void rowsAndMissingCellsAreCountedOnceAndTheConfigRoundTrips() {
        TinyData t = data().set("data.segment.min-steps", "1");
        RunReport r = t.prepare().report();
        assertEquals(7, r.count("rows", "read"), "the second read for the means is not counted");
        assertEquals(t.config(), DataConfig.fromProperties(t.config().toProperties()));
        assertEquals("y", t.config().toProperties().getProperty(DataKeys.CROSS_SERIES));
        assertEquals("", t.config().toProperties().getProperty(DataKeys.PAST));
    }
}
