package org.sparkcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparkcast.engine.CellType;

class BenchCaseTest {

    @Test
    void flopsFollowThePyTorchStyleFormula() {
        // 3 * 2 * G * H * (I + H) * B * T for one layer
        assertEquals(3.0 * 2 * 4 * 128 * (16 + 128) * 128 * 50,
                BenchCase.parse(CellType.LSTM, "16,128,1,128,50").flopsPerStep());
        assertEquals(3.0 * 2 * 3 * 64 * (8 + 64) * 64 * 50,
                BenchCase.parse(CellType.GRU, "8,64,1,64,50").flopsPerStep());
        assertEquals(3.0 * 2 * 1 * 256 * (32 + 256) * 128 * 50,
                BenchCase.parse(CellType.RNN_TANH, "32,256,1,128,50").flopsPerStep());
    }

    @Test
    void upperLayersCountHiddenInputs() {
        double layer0 = 2.0 * 4 * 128 * (16 + 128) * 128 * 50;
        double layer1 = 2.0 * 4 * 128 * (128 + 128) * 128 * 50;
        assertEquals(3 * (layer0 + layer1), BenchCase.parse(CellType.LSTM, "16,128,2,128,50").flopsPerStep());
    }

    @Test
    void standardShapesAreTheIssuesFour() {
        assertEquals("8,64,1,64,50 16,128,1,128,50 16,128,2,128,50 32,256,1,128,50",
                String.join(" ", BenchCase.STANDARD_SHAPES.stream()
                        .map(s -> BenchCase.of(CellType.LSTM, s).shape()).toList()));
    }

    @Test
    void rejectsMalformedShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchCase.parse(CellType.LSTM, "16,128,1,128"));
        assertEquals("--shape must be I,H,L,B,T (five integers), got '16,128,1,128'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchCase.parse(CellType.LSTM, "16,0,1,128,50"));
    }
}
