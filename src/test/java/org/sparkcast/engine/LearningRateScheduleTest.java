package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Warm-up then step decay, evaluated at the number of updates already taken. */
class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyThenDecaysInSteps() {
        LearningRateSchedule s = new LearningRateSchedule(0.1f, 4, 0.5, 10);
        assertEquals(0.025f, s.at(0), 1e-9f);
        assertEquals(0.05f, s.at(1), 1e-9f);
        assertEquals(0.1f, s.at(3), 1e-9f);
        assertEquals(0.1f, s.at(9), 1e-9f);
        assertEquals(0.05f, s.at(10), 1e-9f);
        assertEquals(0.025f, s.at(25), 1e-9f);
        assertEquals(0.3f, LearningRateSchedule.constant(0.3f).at(1_000_000), 0f);
    }

    @Test
    void rejectsDecayAboveOneNamingTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.1f, 0, 1.5, 10));
        assertEquals("schedule needs base > 0, warm-up >= 0, decay in (0, 1], decay steps >= 1; got 0.1, 0, 1.5, 10", e.getMessage());
    }
}
