package org.sparkcast.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Hand-written tiny inputs: writes files into a folder and builds the config that reads them. */
final class TinyData {
    final Path dir;
    final Properties props = new Properties();

    TinyData(Path dir) {
        this.dir = dir;
        props.setProperty("data.name", "tiny");
        props.setProperty("data.paths", dir.resolve("*.csv").toString());
        props.setProperty("data.output", dir.resolve("out").toString());
        props.setProperty("data.series.columns", "id");
        props.setProperty("data.time.columns", "time");
        props.setProperty("data.time.pattern", "yyyy-MM-dd HH:mm");
        props.setProperty("data.columns.targets", "y");
        props.setProperty("data.window.steps", "2");
        props.setProperty("data.window.lanes", "2");
        props.setProperty("data.partitions", "1");
        props.setProperty("data.split.train", "1.0");
        props.setProperty("data.split.validation", "0");
        props.setProperty("data.scaling", "none");
        props.setProperty("data.segment.min-steps", "2");
    }

    TinyData file(String name, String... lines) {
        try {
            Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TinyData set(String key, String value) {
        props.setProperty(key, value);
        return this;
    }

    DataConfig config() {
        return DataConfig.fromProperties(props);
    }

    PreparedData prepare() {
        return DataPipeline.prepare(TestSpark.get(), config());
    }
}
