package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, the data side: value ranges, locations a person can use (line as an editor counts, local time),
 * empty and header-only files, a separator mistake, and the series each problem touched named in the report.
 */
class InputFaultsTest {
    @TempDir
    Path dir;

    private TinyData tiny() {
        return new TinyData(dir);
    }

    private static String message(TinyData t) {
        return assertThrows(InvalidDataException.class, t::prepare).getMessage();
    }

    // --- value ranges ---

    @Test
    void outOfRangeValueIsAnErrorNamingFileLineColumnValueSeriesAndLocalTime() {
        // a blank line before the fault: the line an editor shows is 5 (header 1, rows 2-3, blank 4), not "record 3"
        TinyData t = tiny().set("data.time.zone", "Asia/Shanghai").set("data.range.y", "0..")
                .file("a.csv", "id,time,y", "a,2013-03-01 14:00,1", "a,2013-03-01 15:00,2", "", "a,2013-03-01 16:00,-50");
        assertEquals("file " + fileUri("a.csv") + ", line 5, column 'y', value '-50', series 'a', time 2013-03-01 16:00 Asia/Shanghai "
                + "(2013-03-01T08:00:00Z): value out of range: -50.0 is below data.range.y=0..; fix the value, widen the range, "
                + "or set data.policy.out-of-range=missing (impute it) or =drop (drop the row)", message(t));
    }

    @Test
    void outOfRangeMissingIsImputedAndCountedPerColumnAndSeries() {
        PreparedData d = tiny().set("data.range.y", "0..100").set("data.policy.out-of-range", "missing")
                .file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,101", "a,2020-01-01 02:00,3",
                        "b,2020-01-01 00:00,1", "b,2020-01-01 01:00,2").prepare();
        RunReport r = d.report();
        assertEquals(1, r.count("cells", "out-of-range"));
        assertEquals(1, r.count("steps", "imputed"));
        assertEquals(5, r.count("steps", "kept"));
        Map<String, Object> y = reason(r, "out-of-range y");
        assertEquals("cells", y.get("unit"));
        assertEquals(1L, y.get("count"));
        assertEquals(List.of(Map.of("series", "a", "count", 1L, "from", "2020-01-01 01:00 UTC", "to", "2020-01-01 01:00 UTC",
                "first-ranges", List.of("2020-01-01 01:00"))), y.get("series"));
    }

    @Test
    void outOfRangeDropDropsTheRow() {
        RunReport r = tiny().set("data.range.y", "..10").set("data.policy.out-of-range", "drop")
                .file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,11", "a,2020-01-01 02:00,3").prepare().report();
        assertEquals(1, r.count("rows.dropped", "out-of-range"));
        assertEquals(2, r.count("rows", "kept"));
        assertEquals(1, r.count("steps", "imputed"));
        assertEquals(List.of("a"), names(reason(r, "out-of-range y")));
    }

    @Test
    void missingMarkerIsMissingNotOutOfRange() {
        RunReport r = tiny().set("data.range.y", "0..").set("data.null-markers", "-200")
                .file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,-200", "a,2020-01-01 02:00,3").prepare().report();
        assertEquals(1, r.count("cells", "missing-marker"));
        assertEquals(0, r.count("cells", "out-of-range"));
    }

    @Test
    void rangeKeyIsValidatedInTheConfig() {
        TinyData t = tiny().set("data.columns.targets", "PM2.5").set("data.range.PM25", "0..");
        assertEquals("unknown column in configuration key 'data.range.PM25': 'PM25' is not a numeric column read ([PM2.5]); "
                + "did you mean 'PM2.5'?", assertThrows(InvalidDataException.class, t::config).getMessage());
        TinyData bad = tiny().set("data.range.y", "0-100");
        assertEquals("data.range.y=0-100 is not a range min..max (either end may be left open: 0.. or ..100)",
                assertThrows(InvalidDataException.class, bad::config).getMessage());
        TinyData empty = tiny().set("data.range.y", "5..1");
        assertEquals("data.range.y=5..1 is empty: min 5 is above max 1", assertThrows(InvalidDataException.class, empty::config).getMessage());
        TinyData policy = tiny().set("data.policy.out-of-range", "keep");
        assertTrue(assertThrows(InvalidDataException.class, policy::config).getMessage()
                .startsWith("data.policy.out-of-range=keep is not allowed; choose one of error, missing, drop"));
        DataConfig c = tiny().set("data.range.y", "-10.5..100").config();
        Properties p = c.toProperties();
        assertEquals("-10.5..100", p.getProperty("data.range.y"));
        assertEquals(c, DataConfig.fromProperties(p));
    }

    // --- locations ---

    @Test
    void lineIsTheDecompressedLineInAGzipFileWithBlankAndCrLfLines() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.csv.gz")))) {
            out.write("id,time,y\r\n\r\na,2020-01-01 00:00,1\r\n   \r\na,2020-01-01 01:00,x\r\n".getBytes(StandardCharsets.UTF_8));
        }
        String m = message(tiny().set("data.paths", dir.resolve("*.csv.gz").toString()));
        assertTrue(m.startsWith("file " + fileUri("a.csv.gz") + ", line 5, column 'y', value 'x', series 'a', "
                + "time 2020-01-01 01:00 UTC: unparsable number"), m);
    }

    @Test
    void lineIsExactInAFileSplitIntoBlocks() {
        String[] lines = new String[41];
        lines[0] = "id,time,y";
        for (int i = 1; i <= 40; i++) {
            lines[i] = i % 7 == 0 ? "" : "a,2020-01-01 " + String.format("%02d", i % 24) + ":00," + (i == 38 ? "bad" : "1");
        }
        // rows of hours 0..23 repeat after line 25; the bad cell on line 39 comes first in file order among the faults
        lines[25] = "";
        TinyData t = tiny().file("a.csv", lines);
        SparkSession spark = TestSpark.get();
        String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
        spark.conf().set("spark.sql.files.maxPartitionBytes", "100");
        try {
            assertTrue(spark.read().csv(dir.resolve("a.csv").toString()).rdd().getNumPartitions() > 3, "the file is read in blocks");
            String m = message(t);
            assertTrue(m.startsWith("file " + fileUri("a.csv") + ", line 39, column 'y', value 'bad', series 'a', "
                    + "time 2020-01-01 14:00 UTC: unparsable number"), m);
        } finally {
            spark.conf().set("spark.sql.files.maxPartitionBytes", before);
        }
    }

    @Test
    void sourceLinesCountsHeaderBlankLinesAndLineEndsAndStartsABlockAfterItsFirstPartialLine() throws IOException {
        byte[] text = "h\n\nr1\r\n  \rr2\nr3\n".getBytes(StandardCharsets.US_ASCII);
        // lines: 1 "h", 2 "", 3 "r1", 4 "  ", 5 "r2", 6 "r3"; non-blank: h, r1, r2, r3
        assertEquals(1, SourceLines.scan(new ByteArrayInputStream(text), 0, 1));
        assertEquals(3, SourceLines.scan(new ByteArrayInputStream(text), 0, 2));
        assertEquals(5, SourceLines.scan(new ByteArrayInputStream(text), 0, 3));
        assertEquals(6, SourceLines.scan(new ByteArrayInputStream(text), 0, 4));
        assertEquals(-1, SourceLines.scan(new ByteArrayInputStream(text), 0, 5));
        // a block at byte 4 (inside "r1"): Hadoop skips to the next line; its first row is r2 (line 5)
        assertEquals(5, SourceLines.scan(new ByteArrayInputStream(text), 4, 1));
        // a block at byte 3 (the start of "r1"): the previous block reads r1, this one starts at r2
        assertEquals(5, SourceLines.scan(new ByteArrayInputStream(text), 3, 1));
        assertEquals(6, SourceLines.scan(new ByteArrayInputStream(text), 3, 2));
    }

    // --- empty and header-only files, separator ---

    @Test
    void emptyFileIsReportedAsEmpty() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "");
        assertEquals("file " + fileUri("a.csv") + " is empty (0 bytes): fill it, or leave it out of data.paths", message(tiny()));
    }

    @Test
    void headerOnlyFileAmongOthersIsCountedNotAnError() {
        RunReport r = tiny().file("a.csv", "id,time,y", "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2").file("b.csv", "id,time,y")
                .prepare().report();
        assertEquals(1L, ((Number) r.asMap().get("files-without-rows")).longValue());
        assertEquals(2, r.count("rows", "read"));
    }

    @Test
    void headerReadAsOneColumnSuggestsTheSeparator() throws IOException {
        TinyData t = tiny().file("a.csv", "id;time;y", "a;2020-01-01 00:00;1");
        assertEquals("missing column 'id' in " + fileUri("a.csv") + ": the header is read as one column 'id;time;y'; "
                + "set data.csv.separator=; to split it into 3 columns", message(t));
        TinyData tab = new TinyData(Files.createDirectories(dir.resolve("tab"))).file("a.csv", "id\ttime\ty", "a\t2020-01-01 00:00\t1");
        String m = message(tab);
        assertTrue(m.endsWith("set data.csv.separator=\\t to split it into 3 columns"), m);
    }

    // --- named series ---

    @Test
    void reportNamesTheSeriesOfEachReasonWithTheirTimeRanges() {
        PreparedData d = tiny().set("data.gap.max-steps", "1")
                .file("a.csv", "id,time,y",
                        "a,2020-01-01 00:00,1", "a,2020-01-01 01:00,2", "a,2020-01-01 02:00,3",
                        "a,2020-01-01 06:00,4", "a,2020-01-01 07:00,5", "a,2020-01-01 08:00,6",
                        "b,2020-01-01 00:00,NA", "b,2020-01-01 01:00,NA",
                        "c,2020-01-01 00:00,1", "c,2020-01-01 01:00,NaN", "c,2020-01-01 02:00,3").prepare();
        RunReport r = d.report();
        Map<String, Object> gap = reason(r, "gap-too-long");
        assertEquals(List.of(Map.of("series", "a", "count", 3L, "from", "2020-01-01 03:00 UTC", "to", "2020-01-01 05:00 UTC",
                "first-ranges", List.of("2020-01-01 03:00 .. 2020-01-01 05:00"))), gap.get("series"));
        Map<String, Object> allMissing = reason(r, "all-missing-series");
        assertEquals(List.of(Map.of("series", "b", "count", 1L, "from", "2020-01-01 00:00 UTC", "to", "2020-01-01 01:00 UTC",
                "first-ranges", List.of("2020-01-01 00:00 .. 2020-01-01 01:00"))),
                allMissing.get("series"));
        assertEquals(List.of("c"), names(reason(r, "non-finite y")));
        String summary = r.summary();
        assertTrue(summary.contains("affected series (run-report.json lists them): all-missing-series b; gap-too-long a; non-finite y c"), summary);
    }

    @Test
    @SuppressWarnings("unchecked")
    void affectedSeriesKeepsTheFirstFiftyNamesPerReasonAndCountsTheRest() {
        AffectedSeries task1 = new AffectedSeries();
        AffectedSeries task2 = new AffectedSeries();
        for (int i = 0; i < 120; i++) {
            (i % 2 == 0 ? task1 : task2).note("gap-too-long", "steps", String.format("s%03d", i), 2, i, i + 1);
        }
        task1.merge(task2);
        assertEquals(50, task1.series("gap-too-long").size());
        assertEquals("s000", task1.series("gap-too-long").get(0));
        assertEquals("s049", task1.series("gap-too-long").get(49));
        assertEquals(240, task1.total("gap-too-long"));
        AffectedSeries one = new AffectedSeries();
        for (int i = 9; i >= 0; i--) {
            one.note("gap-too-long", "steps", "a", 1, i * 36_000_000L, i * 36_000_000L + 7_200_000L); // every 10 h, 2 h long
        }
        AffectedSeries merged = new AffectedSeries();
        merged.merge(one);
        Map<String, Object> a = (Map<String, Object>) ((List<?>) ((Map<String, Object>) merged.asReport(java.time.ZoneOffset.UTC)
                .get("gap-too-long")).get("series")).get(0);
        assertEquals(List.of("1970-01-01 00:00 .. 1970-01-01 02:00", "1970-01-01 10:00 .. 1970-01-01 12:00",
                "1970-01-01 20:00 .. 1970-01-01 22:00", "1970-01-02 06:00 .. 1970-01-02 08:00", "1970-01-02 16:00 .. 1970-01-02 18:00"),
                a.get("first-ranges"), "the earliest five ranges, though noted latest first");
        assertEquals(10L, a.get("count"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reason(RunReport r, String reason) {
        Map<String, Object> all = (Map<String, Object>) r.asMap().get("affected-series");
        assertTrue(all.containsKey(reason), "no reason '" + reason + "' in " + all.keySet());
        return (Map<String, Object>) all.get(reason);
    }

    private static List<String> names(Map<String, Object> reason) {
        return ((List<?>) reason.get("series")).stream().map(x -> (String) ((Map<?, ?>) x).get("series")).toList();
    }

    private String fileUri(String name) {
        return "file:" + dir.resolve(name);
    }
}
