package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkcast.SparkFreeSources;

/** The engine runs inside executors but must not know Spark: no source file in the package mentions it. */
class EngineHasNoSparkImportsTest {

    @Test
    void engineSourcesNeverReferenceSpark() throws IOException {
        List<String> offenders = SparkFreeSources.offenders("engine");
        assertTrue(offenders.isEmpty(), "engine files referencing org.apache.spark or scala: " + offenders);
    }
}
