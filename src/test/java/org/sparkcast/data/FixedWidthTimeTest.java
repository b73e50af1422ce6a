package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast time reader gives the formatter's answer wherever it answers, and leaves the rest to the formatter. */
class FixedWidthTimeTest {
    private static final List<String> PATTERNS = List.of("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
            "uuuu-MM-dd'T'HH:mm:ss", "dd.MM.yyyy HH:mm:ss", "yyyyMMddHHmm", "MM/dd/yyyy HH:mm");
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Shanghai"),
            ZoneId.of("America/New_York"));

    /** The formatter's reading, as {@link CellParser#parseTime} did it before the fast path, or {@link Long#MIN_VALUE}. */
    private static long formatter(String pattern, String text, ZoneId zone) {
        try {
            TemporalAccessor t = DateTimeFormatter.ofPattern(pattern).parseBest(text, LocalDateTime::from, LocalDate::from);
            LocalDateTime local = t instanceof LocalDate d ? d.atStartOfDay() : (LocalDateTime) t;
            return local.atZone(zone).toInstant().toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    @Test
    void readsWhatTheFormatterReadsAndLeavesTheRestToIt() {
        Random random = new Random(7);
        int read = 0;
        for (String pattern : PATTERNS) {
            FixedWidthTime fast = FixedWidthTime.of(pattern);
            assertNotNull(fast, pattern);
            DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern);
            for (ZoneId zone : ZONES) {
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    // random instants 1990..2030, DST changes included, plus the awkward days below
                    texts.add(format.format(LocalDateTime.of(1990 + random.nextInt(41), 1 + random.nextInt(12), 1 + random.nextInt(28),
                            random.nextInt(24), random.nextInt(60), random.nextInt(60))));
                }
                texts.addAll(List.of(format.format(LocalDateTime.of(2024, 3, 31, 2, 30)), format.format(LocalDateTime.of(2024, 10, 27, 2, 30)),
                        format.format(LocalDateTime.of(2024, 3, 10, 2, 30)), format.format(LocalDateTime.of(2024, 2, 29, 23, 59, 59))));
                for (String text : texts) {
                    long f = fast.epochMillis(text, zone);
                    assertEquals(formatter(pattern, text, zone), f, pattern + " " + text + " " + zone);
                    read++;
                }
                // what it must leave to the formatter: days the formatter resolves "smartly", hour 24, a short year,
                // wrong separators, signs, spaces, other widths
                for (String text : List.of(format.format(LocalDateTime.of(2023, 2, 28, 1, 0)).replace("28", "30"),
                        format.format(LocalDateTime.of(2023, 4, 11, 1, 0)).replace("11", "31"), "0000-01-01 00:00:00", "2023-01-01 24:00:00",
                        "2023/01/01 00:00:00", "+2023-01-01 00:00", "2023-1-01 00:00:00", " 2023-01-01", "2023-01-01 00:00:00.000", "")) {
                    if (text.length() == format.format(LocalDateTime.of(2023, 1, 1, 0, 0)).length()) {
                        long f = fast.epochMillis(text, zone);
                        if (f != FixedWidthTime.NOT_READ) {
                            assertEquals(formatter(pattern, text, zone), f, pattern + " " + text);
                        }
                    } else {
                        assertEquals(FixedWidthTime.NOT_READ, fast.epochMillis(text, zone), pattern + " '" + text + "'");
                    }
                }
            }
        }
        assertEquals(PATTERNS.size() * ZONES.size() * 404, read);
        assertEquals(FixedWidthTime.NOT_READ, FixedWidthTime.of("yyyy-MM-dd").epochMillis("2023-02-30", ZoneId.of("UTC")),
                "an impossible day goes to the formatter, which resolves it to the 28th");
        assertEquals(formatter("yyyy-MM-dd", "2023-02-28", ZoneId.of("UTC")), formatter("yyyy-MM-dd", "2023-02-30", ZoneId.of("UTC")));
    }

    @Test
    void patternsItDoesNotReadAreLeftWhole() {
        for (String pattern : List.of("yy-MM-dd", "yyyy-M-d", "yyyy-MM-dd HH", "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd hh:mm a",
                "yyyy-MM-dd[ HH:mm]", "yyyy-MM-dd HH:mm:ssXXX", "yyyy-MM-dd 'o''clock' HH", "dd MMM yyyy", "yyyy-MM-dd HH:ss",
                "yyyy-yyyy-MM-dd")) {
            assertNull(FixedWidthTime.of(pattern), pattern);
        }
    }

    @Test
    void cellParserGivesTheSameTimesWithTheFastPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SourceSpec src = new TinyData(dir).config().source();
        CellParser cells = new CellParser(src);
        String pattern = src.timePattern;
        DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern);
        for (String text : List.of(format.format(LocalDateTime.of(2015, 6, 1, 13, 0)), " " + format.format(LocalDateTime.of(2015, 6, 1, 13, 0)) + " ",
                "not a time")) {
            assertEquals(formatter(pattern, text.trim(), src.zoneId()), cells.parseTime(text), text);
        }
    }
}
