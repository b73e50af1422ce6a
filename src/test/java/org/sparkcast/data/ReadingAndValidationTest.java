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
