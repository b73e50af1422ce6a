package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Optimizer;

/** The train section of a config: defaults, round trip, and errors that name the key. */
class TrainingConfigTest {

    @Test
    void roundTripsThroughProperties() {
        Properties p = new Properties();
        p.setProperty(TrainKeys.CELL, "gru");
        p.setProperty(TrainKeys.SYNC, "windows");
        p.setProperty(TrainKeys.SYNC_WINDOWS, "7");
        p.setProperty(TrainKeys.OPTIMIZER, "adamw");
        p.setProperty(TrainKeys.LR_WARMUP_STEPS, "20");
        p.setProperty(TrainKeys.LR_DECAY, "0.5");
        TrainingConfig c = TrainingConfig.fromProperties(p);
        assertEquals(c, TrainingConfig.fromProperties(c.toProperties()));
        assertEquals(CellType.GRU, c.settings().network().cell());
        assertEquals(Optimizer.Kind.ADAMW, c.settings().optimizer());
        assertEquals(7, c.settings().syncWindows());
        TrainingConfig defaults = TrainingConfig.fromProperties(new Properties());
        assertEquals(defaults, TrainingConfig.fromProperties(defaults.toProperties()));
        assertEquals(SyncMode.EPOCH, defaults.settings().sync());
    }

    @Test
    void horizonWeightsAreEqualByDefaultNaiveOnlyForTheDirectObjectiveAndRoundTrip() {
        assertEquals(HorizonWeighting.EQUAL, TrainingConfig.fromProperties(new Properties()).horizonWeighting());
        Properties p = new Properties();
        p.setProperty(TrainKeys.OBJECTIVE, "direct");
        p.setProperty(TrainKeys.HORIZON_WEIGHTS, "naive");
        TrainingConfig c = TrainingConfig.fromProperties(p);
        assertEquals(HorizonWeighting.NAIVE, c.horizonWeighting());
        assertEquals(c, TrainingConfig.fromProperties(c.toProperties()));
        assertNull(c.settingsFor(3, 1).direct().weights(), "the weights come from the data, at the start of training");
        p.setProperty(TrainKeys.OBJECTIVE, "one-step");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertEquals("train.horizon-weights=naive needs train.objective=direct (one-step training has a single horizon step)", e.getMessage());
        p.setProperty(TrainKeys.HORIZON_WEIGHTS, "inverse");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("train.horizon-weights"), e.getMessage());
    }

    @Test
    void divergenceFactorIsTenByDefaultOffOrAtLeastOneAndRoundTrips() {
        assertEquals(10.0, TrainingConfig.fromProperties(new Properties()).divergenceFactor());
        assertEquals(5, TrainingConfig.fromProperties(new Properties()).keepVersions());
        for (String off : new String[] {"off", "OFF", "0"}) {
            Properties p = new Properties();
            p.setProperty(TrainKeys.DIVERGENCE_FACTOR, off);
            TrainingConfig c = TrainingConfig.fromProperties(p);
            assertEquals(0.0, c.divergenceFactor(), off);
            assertEquals(c, TrainingConfig.fromProperties(c.toProperties()), off);
        }
        Properties p = new Properties();
        p.setProperty(TrainKeys.DIVERGENCE_FACTOR, "3.5");
        p.setProperty(TrainKeys.KEEP_VERSIONS, "2");
        TrainingConfig c = TrainingConfig.fromProperties(p);
        assertEquals(3.5, c.divergenceFactor());
        assertEquals(2, c.keepVersions());
        assertEquals(c, TrainingConfig.fromProperties(c.toProperties()));
        p.setProperty(TrainKeys.DIVERGENCE_FACTOR, "0.5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertEquals("train.divergence-factor=0.5 must be off (or 0) or a number in [1, 1e9]", e.getMessage());
        p.setProperty(TrainKeys.DIVERGENCE_FACTOR, "10");
        p.setProperty(TrainKeys.KEEP_VERSIONS, "0");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertTrue(e.getMessage().startsWith("train.keep-versions=0 is outside [1, "), e.getMessage());
    }

    @Test
    void rejectsUnknownKeyWithTheClosestOne() {
        Properties p = new Properties();
        p.setProperty("train.learning-rat", "0.1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("'train.learning-rat'") && e.getMessage().contains("did you mean 'train.learning-rate'"),
                e.getMessage());
    }

    @Test
    void rejectsBadValuesNamingKeyAndValue() {
        Properties p = new Properties();
        p.setProperty(TrainKeys.EPOCHS, "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("train.epochs=0"), e.getMessage());
        Properties q = new Properties();
        q.setProperty(TrainKeys.SYNC, "sometimes");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(q));
        assertTrue(e.getMessage().contains("train.sync=sometimes") && e.getMessage().contains("[epoch, windows]"), e.getMessage());
    }

    @Test
    void everyBundledConfigsTrainSectionRoundTrips() throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("conf"))) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.filter(p -> p.toString().endsWith(".properties"))
                    .filter(p -> !p.getFileName().toString().startsWith("log4j2"))::iterator) {
                Properties p = new Properties();
                try (var in = java.nio.file.Files.newBufferedReader(f)) {
                    p.load(in);
                }
                TrainingConfig c = TrainingConfig.fromProperties(p);
                assertEquals(c, TrainingConfig.fromProperties(c.toProperties()), f.toString());
            }
        }
    }

    @Test
    void refusesBidirectionalAndLastStepTrainingWithTheReason() {
        Properties p = new Properties();
        p.setProperty(TrainKeys.DIRECTIONALITY, "bidirectional");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("reverse direction would read the answer"), e.getMessage());
        Properties q = new Properties();
        q.setProperty(TrainKeys.LOSS, "mse-last-step");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(q));
        assertTrue(e.getMessage().contains("train.loss=mse-last-step is not supported"), e.getMessage());
    }

    @Test
    void rejectsAKeyOfAnUnknownSectionWithTheClosestKey() {
        Properties p = new Properties();
        p.setProperty("trian.epochs", "50");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromProperties(p));
        assertEquals("unknown configuration key 'trian.epochs'; did you mean 'train.epochs'?", e.getMessage());
    }
}
