package org.sparkcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench-data} runs end to end on a small generated set and prints its one JSON line with every figure. */
class BenchDataIT {
    @Test
    void printsOneJsonLineWithEveryFigure(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("bench.log");
        Processes.run(Processes.sparkcast("bench-data", "--series", "3", "--steps", "400", "--dir", tmp.resolve("data").toString()),
                log, 300);
        List<String> json = Files.readAllLines(log).stream().filter(l -> l.startsWith("{")).toList();
        assertEquals(1, json.size(), Processes.tail(log));
        JsonNode line = new ObjectMapper().readTree(json.get(0));
        assertEquals(3, line.get("series").asInt());
        assertTrue(line.get("rows").asLong() > 3 * 390, line.toString()); // 1% of the values are missing, rows are all there
        for (String field : new String[] {"windows", "baseline_s", "read_validate_s", "prepare_s", "windows_s", "rows_per_s_prepare",
            "windows_per_s", "prepare_over_baseline", "peak_heap_used_mib"}) {
            assertTrue(line.get(field).asDouble() > 0, field + " in " + line);
        }
        assertTrue(line.has("spilled_disk_mib"), line.toString());
        // held after a collection: none may run at this size, so only present and within the maximum heap
        assertTrue(line.get("peak_heap_after_gc_mib").asLong() <= line.get("max_heap_mib").asLong(), line.toString());
    }
}
