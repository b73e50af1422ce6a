package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkcast.bench.BenchCase;
import org.sparkcast.engine.CellType;

class BenchCommandTest {

    @Test
    void noShapeMeansTheFourStandardShapesForEveryCell() {
        List<BenchCase> cases = BenchCommand.cases(List.of(CellType.LSTM, CellType.GRU), null);
        assertEquals(8, cases.size());
        assertEquals("lstm 8,64,1,64,50", cases.get(0).cell().configName() + " " + cases.get(0).shape());
        assertEquals("gru 32,256,1,128,50", cases.get(7).cell().configName() + " " + cases.get(7).shape());
    }

    @Test
    void optionsAreParsed() {
        BenchCommand.Options o = BenchCommand.Options.parse(new String[] {
            "--threads", "2", "--cell", "gru,rnn_tanh", "--shape", "4,8,1,2,3", "--torch", "off", "--kernel", "vector"});
        assertEquals(2, o.threads);
        assertEquals(List.of(CellType.GRU, CellType.RNN_TANH), o.cells);
        assertEquals(BenchCommand.TorchMode.OFF, o.torchMode);
        assertEquals("vector", o.kernel);
        assertEquals(2, BenchCommand.cases(o.cells, o.shape).size());
    }

    @Test
    void rejectsUnknownOptionAndZeroThreads() {
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.Options.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.Options.parse(new String[] {"--threads", "0"}));
    }
}
