package org.sparkcast.evaluate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkcast.SparkFreeSources;

/** The metrics and the report are a plain-Java library: no main source file of the package mentions Spark. */
class EvaluateHasNoSparkImportsTest {

    @Test
    void evaluateSourcesNeverReferenceSpark() throws IOException {
        List<String> offenders = SparkFreeSources.offenders("evaluate");
        assertTrue(offenders.isEmpty(), "evaluate files referencing org.apache.spark or scala: " + offenders);
    }
}
