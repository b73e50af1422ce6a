package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataConfigTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsThroughProperties() {
        DataConfig c = new TinyData(dir).set("data.csv.separator", ";").set("data.csv.decimal", ",")
                .set("data.null-markers", "NA,-200").set("data.columns.calendar", "hour-of-day,day-of-week")
                .set("data.columns.categorical", "wd").set("data.policy.duplicate-time", "drop").config();
        assertEquals(c, DataConfig.fromProperties(c.toProperties()));
        assertEquals(c.hashCode(), DataConfig.fromProperties(c.toProperties()).hashCode());
    }

    @Test
    void everyBundledConfigRoundTrips() throws Exception {
        try (var files = java.nio.file.Files.list(Path.of("conf"))) {
            // every dataset config: the .properties files that describe data (log4j2.properties is logging)
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".properties"))
                    .filter(p -> !p.getFileName().toString().startsWith("log4j2"))::iterator) {
                DataConfig c = DataConfig.load(f);
                assertEquals(c, DataConfig.fromProperties(c.toProperties()), f.toString());
            }
        }
    }

    @Test
    void rejectsUnknownKeyWithSuggestion() {
        Properties p = new TinyData(dir).props;
        p.setProperty("data.csv.seperator", ";");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> DataConfig.fromProperties(p));
        assertEquals("unknown configuration key 'data.csv.seperator'; did you mean 'data.csv.separator'?", e.getMessage());
    }

    @Test
    void rejectsKeyOfNoKnownSection() {
        Properties p = new TinyData(dir).props;
        p.setProperty("dat.paths", "x");
        assertTrue(assertThrows(InvalidDataException.class, () -> DataConfig.fromProperties(p)).getMessage()
                .startsWith("unknown configuration key 'dat.paths'"));
    }

    @Test
    void sparkKeysPassThrough() {
        Properties p = new TinyData(dir).props;
        p.setProperty("spark.executor.memory", "2g");
        DataConfig.fromProperties(p);
    }

    @Test
    void rejectsPolicyActionTheRuleDoesNotAllow() {
        Properties p = new TinyData(dir).set("data.policy.duplicate-time", "resample").props;
        assertEquals("data.policy.duplicate-time=resample is not allowed; choose one of error, drop",
                assertThrows(InvalidDataException.class, () -> DataConfig.fromProperties(p)).getMessage());
    }

    @Test
    void rejectsMisspelledChoiceWithSuggestion() {
        Properties p = new TinyData(dir).set("data.scaling", "zscore").props;
        assertEquals("data.scaling=zscore is not one of [z-score, min-max, none]; did you mean 'z-score'?",
                assertThrows(InvalidDataException.class, () -> DataConfig.fromProperties(p)).getMessage());
    }

    @Test
    void rejectsMissingRequiredTargets() {
        Properties p = new TinyData(dir).props;
        p.remove("data.columns.targets");
        assertEquals("missing required key 'data.columns.targets'",
                assertThrows(InvalidDataException.class, () -> DataConfig.fromProperties(p)).getMessage());
    }

    @Test
    void parsesFrequencies() {
        assertEquals(3_600_000L, CleaningPolicy.parseFrequency("1h"));
        assertEquals(21_600_000L, CleaningPolicy.parseFrequency("6h"));
        assertEquals(1_800_000L, CleaningPolicy.parseFrequency("30min"));
        assertEquals(86_400_000L, CleaningPolicy.parseFrequency("1d"));
        assertEquals(3_600_000L, CleaningPolicy.parseFrequency("PT1H"));
        assertEquals("data.frequency=hourly is not a positive frequency like 30min, 1h, 6h, 1d or PT1H",
                assertThrows(InvalidDataException.class, () -> CleaningPolicy.parseFrequency("hourly")).getMessage());
    }

    @Test
    void rejectsFractionsAboveOne() {
        Properties p = new TinyData(dir).set("data.split.train", "0.8").set("data.split.validation", "0.3").props;
        assertEquals("data.split.train=0.8 plus data.split.validation=0.3 exceeds 1",
                assertThrows(InvalidDataException.class, () -> DataConfig.fromProperties(p)).getMessage());
    }
}
