package org.sparkcast.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Loads a config file, applies {@code --set key=value} overrides on top, and picks out the Spark settings. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static Properties load(String file, List<String> overrides) {
        Properties props = new Properties();
        if (file != null) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("config file " + path.toAbsolutePath() + " does not exist");
            }
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + path + ": " + e.getMessage(), e);
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set needs key=value, got '" + o + "'");
            }
            props.setProperty(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        org.sparkcast.forecast.ForecastKeys.rejectUnknown(props);
        return props;
    }

    /** The config's {@code spark.*} keys, passed through to the SparkConf. */
    static java.util.Map<String, String> sparkPassthrough(Properties props) {
        java.util.Map<String, String> spark = new java.util.TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("spark.")) {
                spark.put(key, props.getProperty(key));
            }
        }
        return spark;
    }
}
