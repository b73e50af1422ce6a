package org.sparkcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkcast.engine.CellType;

class BenchReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("cell", "I", "H", "L", "B", "T", "threads", "steps_per_s",
            "steps_per_s_min", "steps_per_s_max", "gflops", "kernel", "alloc_bytes_per_step");

    private static ObjectNode sample() {
        BenchCase c = BenchCase.parse(CellType.GRU, "16,128,2,128,50");
        EngineBenchmark.Timing t = new EngineBenchmark.Timing(new double[] {10, 12, 11, 9, 13}, 0, 3);
        return BenchReport.ours(c, 2, t, "test-kernel");
    }

    @Test
    void lineHasTheRequiredFieldsAndMedianMinMax() throws Exception {
        JsonNode line = JSON.readTree(sample().toString()); // one line of valid JSON
        for (String field : REQUIRED) {
            assertTrue(line.has(field), "missing " + field + " in " + line);
        }
        assertEquals("gru", line.get("cell").asText());
        assertEquals(2, line.get("L").asInt());
        assertEquals(2, line.get("threads").asInt());
        assertEquals(11.0, line.get("steps_per_s").asDouble());
        assertEquals(9.0, line.get("steps_per_s_min").asDouble());
        assertEquals(13.0, line.get("steps_per_s_max").asDouble());
        double flops = BenchCase.parse(CellType.GRU, "16,128,2,128,50").flopsPerStep();
        assertEquals(Math.round(flops * 11 / 1e6) / 1000.0, line.get("gflops").asDouble(), 1e-3);
        assertFalse(sample().toString().contains("\n"));
    }

    @Test
    void torchFieldsAndRatioAreOursOverTorch() {
        JsonNode torch = JSON.createObjectNode().put("torch_steps_per_s", 5.5).put("torch_steps_per_s_min", 5.0)
                .put("torch_steps_per_s_max", 6.0).put("torch_blas", "openblas").put("torch_version", "1.13");
        ObjectNode line = BenchReport.withTorch(sample(), BenchCase.parse(CellType.GRU, "16,128,2,128,50"), torch);
        assertEquals(2.0, line.get("ratio").asDouble());
        assertEquals(5.5, line.get("torch_steps_per_s").asDouble());
        assertEquals("openblas", line.get("torch_blas").asText());
    }

    @Test
    void peakFractionIsGflopsOverPeakTimesThreads() {
        ObjectNode line = BenchReport.withPeak(sample(), 100.0);
        double gflops = line.get("gflops").asDouble();
        assertEquals(Math.round(gflops / 200.0 * 1000) / 1000.0, line.get("peak_fraction").asDouble(), 1e-9);
        assertFalse(BenchReport.withPeak(sample(), Double.NaN).has("peak_fraction"));
    }

    @Test
    void lineWithoutTorchSaysWhy() {
        ObjectNode line = BenchReport.withoutTorch(sample(), "torch not importable");
        assertFalse(line.has("ratio"));
        assertEquals("torch not importable", line.get("torch_status").asText());
    }
}
