package org.sparkcast.evaluate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The metrics and the report are a plain-Java library: no main source file of the package mentions Spark. */
class EvaluateHasNoSparkImportsTest {

    @Test
    void evaluateSourcesNeverReferenceSpark() throws IOException {
        Path dir = Paths.get("src/main/java/org/sparkcast/evaluate");
        assertTrue(Files.isDirectory(dir), "evaluate sources not found at " + dir.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(dir)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String text = Files.readString(p);
                    return text.contains("org.apache.spark") || text.contains("import scala.");
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + p, e);
                }
            }).map(Path::toString).toList();
        }
        assertTrue(offenders.isEmpty(), "evaluate files referencing org.apache.spark or scala: " + offenders);
    }
}
