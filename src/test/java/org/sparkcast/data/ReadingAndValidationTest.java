package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row-level rules on hand-written CSVs: every problem is an exact error or an exact count. */
class ReadingAndValidationTest {
    @TempDir
    Path dir;

    private TinyData tiny() {
        return new TinyData(dir);
    }

    @Test
    void cleanInputKeepsEveryRowAndCountsNothingElse() {
        PreparedData d = tiny().file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2",
                "a,2020-01-01 02:00,3", "b,2020-01-01 00:00,5", "b,2020-01-01 01:00,6").prepare();
        RunReport r = d.report();
        assertEquals(5, r.count("rows", "read"));
        assertEquals(5, r.count("rows", "kept"));
        assertEquals(5, r.count("steps", "kept"));
        assertEquals(0, r.count("steps", "imputed"));
        assertEquals(2, r.count("series", "found"));
        assertEquals(2, r.count("series", "kept"));
    }

    @Test
    void missingColumnIsAnErrorWithTheClosestName() {
        TinyData t = tiny().file("a.csv", "id,time,PM2.5", "a,2020-01-01 00:00,1").set("data.columns.targets", "PM25");
        InvalidDataException e = assertThrows(InvalidDataException.class, t::prepare);
        assertTrue(e.getMessage().startsWith("missing column 'PM25' in file:"), e.getMessage());
        assertTrue(e.getMessage().contains("a.csv; did you mean 'PM2.5'? (columns: [id, time, PM2.5])"), e.getMessage());
    }

    @Test
    void unparsableNumberIsAnErrorNamingFileLineColumnValueSeriesAndLocalTime() {
        TinyData t = tiny().file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,1.2.3");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3, column 'y', value '1\\.2\\.3', series 'a', time 2020-01-01 01:00 UTC: "
                + "unparsable number \\(decimal mark '\\.'\\); set data\\.policy\\.unparsable-number=missing.*"), m);
    }

    @Test
    void unparsableNumberCountsAsMissingWhenPolicySaysSoAndIsImputed() {
        RunReport r = tiny().set("data.policy.unparsable-number", "missing")
                .file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,x", "a,2020-01-01 02:00,3").prepare().report();
        assertEquals(1, r.count("cells", "unparsable-number"));
        assertEquals(1, r.count("steps", "imputed"));
        assertEquals(3, r.count("steps", "kept"));
    }

    @Test
    void unparsableTimeIsAnErrorOrADroppedRow() {
        TinyData t = tiny().file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,01/01/2020 01:00,2", "a,2020-01-01 02:00,3");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3, column 'time', value '01/01/2020 01:00', series 'a': "
                + "unparsable time \\(pattern 'yyyy-MM-dd HH:mm', zone UTC\\); set data\\.policy\\.unparsable-time=drop.*"), m);
        RunReport r = t.set("data.policy.unparsable-time", "drop").prepare().report();
        assertEquals(1, r.count("rows.dropped", "unparsable-time"));
        assertEquals(1, r.count("steps", "imputed"));
    }

    @Test
    void nonFiniteValuesBecomeMissingByDefaultOrAnError() {
        TinyData t = tiny().file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,NaN",
                "a,2020-01-01 02:00,Infinity", "a,2020-01-01 03:00,4");
        RunReport r = t.prepare().report();
        assertEquals(2, r.count("cells", "non-finite"));
        assertEquals(2, r.count("steps", "imputed"));
        t.set("data.policy.non-finite", "error");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3, column 'y', value 'NaN', series 'a', time 2020-01-01 01:00 UTC: "
                + "non-finite number .*"), m);
    }

    @Test
    void parquetNumberColumnsReadAsTheirTextWouldBe() {
        // y: doubles (read typed), temp: integers (typed), rain: floats (read as text: 0.1f is not the double 0.1)
        Object[][] values = {{1.5, 3, 0.1f}, {Double.NaN, -200, 0.2f}, {-200.0, 7, null}, {1e-7, null, 1e20f},
                {Double.POSITIVE_INFINITY, 2_000_000_000, 3.25f}, {0.1 + 0.2, -5, -0.0f}};
        java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        java.util.List<String> csv = new java.util.ArrayList<>(java.util.List.of("id,time,y,temp,rain"));
        for (int i = 0; i < values.length; i++) {
            String time = "2020-01-01 0" + i + ":00";
            rows.add(org.apache.spark.sql.RowFactory.create("a", time, values[i][0], values[i][1], values[i][2], (short) i, (byte) i,
                    java.sql.Date.valueOf("2020-01-01"), new java.math.BigDecimal("1.25"), new byte[] {1}, java.util.List.of(1.0)));
            csv.add("a," + time + "," + values[i][0] + "," + (values[i][1] == null ? "" : values[i][1]) + "," + (values[i][2] == null ? "" : values[i][2]));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("id", "string").add("time", "string")
                .add("y", "double").add("temp", "int").add("rain", "float")
                // columns not read, of every other usual type: their schema still travels with the scan
                .add("level", "short").add("flag", "byte").add("day", "date").add("price", "decimal(10,2)").add("raw", "binary")
                .add("list", "array<double>");
        TestSpark.get().createDataFrame(rows, schema).coalesce(1).write().parquet(dir.resolve("p").toString());
        TinyData text = tiny().file("a.csv", csv.toArray(new String[0])).set("data.columns.past", "temp,rain").set("data.null-markers", "NA,-200")
                .set("data.gap.max-steps", "6");
        TinyData typed = new TinyData(dir).set("data.columns.past", "temp,rain").set("data.null-markers", "NA,-200").set("data.gap.max-steps", "6")
                .set("data.format", "parquet").set("data.paths", dir.resolve("p").toString());
        java.util.List<org.apache.spark.sql.Row> fromText = DataPipeline.parse(TestSpark.get(), text.config()).drop("file", "pos", "block")
                .collectAsList();
        java.util.List<org.apache.spark.sql.Row> fromParquet = DataPipeline.parse(TestSpark.get(), typed.config()).drop("file", "pos", "block")
                .collectAsList();
        assertEquals(fromText.toString(), fromParquet.toString());
        assertEquals(1e20f, ((Double) fromParquet.get(3).get(4)).floatValue());
        assertEquals(0.1, fromParquet.get(0).getDouble(4), "a float cell parses from its text, as before");
        RunReport a = text.prepare().report();
        RunReport b = typed.prepare().report();
        for (String[] c : new String[][] {{"cells", "non-finite"}, {"cells", "missing-marker"}, {"cells", "missing"}, {"steps", "imputed"}}) {
            assertEquals(a.count(c[0], c[1]), b.count(c[0], c[1]), c[0] + " " + c[1]);
        }
        assertEquals(2, b.count("cells", "non-finite"));
        assertEquals(4, b.count("cells", "missing-marker"), "two -200 markers and two empty cells");
    }

    @Test
    void decimalCommaSemicolonAndNumericMissingMarkerMatchMinus200AndMinus200Comma0() {
        RunReport r = tiny().set("data.csv.separator", ";").set("data.csv.decimal", ",").set("data.null-markers", "-200")
                .file("a.csv", "id;time;y", "a;2020-01-01 00:00;2,5", "a;2020-01-01 01:00;-200",
                        "a;2020-01-01 02:00;-200,0", "a;2020-01-01 03:00;4,5").prepare().report();
        assertEquals(2, r.count("cells", "missing-marker"));
        assertEquals(2, r.count("steps", "imputed"));
        assertEquals(4, r.count("steps", "kept"));
    }

    @Test
    void blankTrailingRowsAreSkippedAndCounted() {
        RunReport r = tiny().set("data.csv.separator", ";").file("a.csv", "id;time;y;;", "a;2020-01-01 00:00;1;;",
                "a;2020-01-01 01:00;2;;", ";;;;", ";;;;").prepare().report();
        assertEquals(2, r.count("rows", "read"));
        assertEquals(2, r.count("rows", "blank-skipped"));
    }

    @Test
    void headerOnlyFileIsAnErrorOfItsOwn() {
        TinyData t = tiny().file("a.csv", "id,time,y");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv holds only its header line: no data rows"), m);
    }

    @Test
    void pathMatchingNoFileIsAnEmptyInputError() {
        TinyData t = tiny().set("data.paths", dir.resolve("nothing-*.csv").toString());
        assertTrue(assertThrows(InvalidDataException.class, t::prepare).getMessage().contains("matches no file"));
    }

    @Test
    void crlfLineEndingsAndQuotedFieldsRead() {
        RunReport r = tiny().file("a.csv", "\"id\",\"time\",\"y\"\r", "\"a\",2020-01-01 00:00,1\r", "\"a\",2020-01-01 01:00,2\r")
                .prepare().report();
        assertEquals(2, r.count("steps", "kept"));
    }

    @Test
    void columnMarkerIsMissingOnlyInItsOwnColumn() {
        RunReport r = tiny().set("data.columns.past", "lon").set("data.column-null-markers", "y:-99")
                .file("a.csv", "id,time,y,lon", "a,2020-01-01 00:00,1,-99", "a,2020-01-01 01:00,-99,-99", "a,2020-01-01 02:00,3,-99")
                .prepare().report();
        assertEquals(1, r.count("cells", "missing-marker"));
        assertEquals(1, r.count("steps", "imputed"));
    }

    @Test
    void filesWhoseHeadersDisagreeAreAnErrorNotASilentMixUp() {
        TinyData t = tiny().file("a.csv", "id,time,y", "a,2020-01-01 00:00,1").file("b.csv", "id,y,time", "b,2,2020-01-01 00:00");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.contains("b.csv"), m);
    }

    @Test
    void shortRowIsAnErrorNamingFileLineFieldCountsAndTheRow() {
        TinyData t = tiny().file("a.csv", "id,time,y,temp", "a,2020-01-01 00:00,1,10", "a,2020-01-01 01:00,2")
                .set("data.columns.past", "temp");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3: malformed row: 3 fields where the header of file:.*/a\\.csv has 4: "
                + "'a,2020-01-01 01:00,2'; set data\\.policy\\.malformed-row=drop to skip such rows"), m);
    }

    @Test
    void longRowIsAnErrorEvenWhenItsExtraFieldIsNotRead() {
        TinyData t = tiny().file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2,\"x,y\"");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3: malformed row: 4 fields where the header of .*"), m);
        assertTrue(m.contains(" has 3: 'a,2020-01-01 01:00,2,\"x,y\"'"), m);
    }

    @Test
    void malformedRowsAreDroppedAndCountedWhenPolicySaysSo() {
        RunReport r = tiny().set("data.policy.malformed-row", "drop").file("a.csv", "id,time,y", "a,2020-01-01 00:00,1",
                "a,2020-01-01 01:00", "a,2020-01-01 02:00,3,4", "a,2020-01-01 03:00,\"4\"").prepare().report();
        assertEquals(4, r.count("rows", "read"));
        assertEquals(2, r.count("rows.dropped", "malformed-row"));
        assertEquals(2, r.count("rows", "kept"));
        assertEquals(4, r.count("steps", "kept")); // 01:00 and 02:00 lost with their rows: a gap of 2, imputed
        assertEquals(2, r.count("steps", "imputed"));
    }

    @Test
    void trailingEmptyFieldsAreNotMalformed() {
        // header with an unnamed ';;' tail: a record may lack it, or carry more empty fields
        RunReport r = tiny().set("data.csv.separator", ";").file("a.csv", "id;time;y;;", "a;2020-01-01 00:00;1;;",
                "a;2020-01-01 01:00;2", "a;2020-01-01 02:00;3;;;;").file("b.csv", "id;time;y", "b;2020-01-01 00:00;1;;",
                "b;2020-01-01 01:00;2;").prepare().report();
        assertEquals(5, r.count("rows", "read"));
        assertEquals(5, r.count("rows", "kept"));
        assertEquals(0, r.count("rows.dropped", "malformed-row"));
    }

    @Test
    void missingNamedFieldIsMalformedEvenWithATrailingUnnamedHeaderField() {
        TinyData t = tiny().set("data.csv.separator", ";").file("a.csv", "id;time;y;;", "a;2020-01-01 00:00;1;;", "a;2020-01-01 01:00");
        String m = assertThrows(InvalidDataException.class, t::prepare).getMessage();
        assertTrue(m.matches("file file:/.*/a\\.csv, line 3: malformed row: 2 fields .*"), m);
    }
}
