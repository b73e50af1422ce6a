package org.sparkcast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** For the tests that keep a package free of Spark: its main source files that mention Spark or import Scala. */
public final class SparkFreeSources {
    private SparkFreeSources() {
    }

    /** The main sources under {@code src/main/java/org/sparkcast/<pkg>} that mention org.apache.spark or import scala. */
    public static List<String> offenders(String pkg) throws IOException {
        Path dir = Paths.get("src/main/java/org/sparkcast", pkg);
        assertTrue(Files.isDirectory(dir), pkg + " sources not found at " + dir.toAbsolutePath());
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(SparkFreeSources::mentionsSpark).map(Path::toString).toList();
        }
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
