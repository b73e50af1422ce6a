package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine runs inside executors but must not know Spark: no source file in the package mentions it. */
class EngineHasNoSparkImportsTest {

    @Test
    void engineSourcesNeverReferenceSpark() throws IOException {
        Path dir = Paths.get("src/main/java/org/sparkcast/engine");
        assertTrue(Files.isDirectory(dir), "engine sources not found at " + dir.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(dir)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(EngineHasNoSparkImportsTest::mentionsSpark)
                    .map(Path::toString)
                    .toList();
        }
        assertTrue(offenders.isEmpty(), "engine files referencing org.apache.spark or scala: " + offenders);
    }

    private static boolean mentionsSpark(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains("org.apache.spark") || text.contains("import scala.");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
