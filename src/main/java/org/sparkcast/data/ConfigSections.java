package org.sparkcast.data;

import java.util.List;

/**
 * The sections a Sparkcast config may hold, in one place: {@code data.}, {@code train.}, {@code forecast.},
 * {@code evaluate.} (Sparkcast's, each validating its own keys) and {@code spark.} (passed to Spark). A key of
 * any other section is a typo and is refused.
 */
public final class ConfigSections {
    public static final List<String> ALL = List.of("data.", "train.", "forecast.", "evaluate.", "spark.");

    private ConfigSections() {
    }

    /** Whether {@code key} belongs to a known section. */
    public static boolean known(String key) {
        return ALL.stream().anyMatch(key::startsWith);
    }
}
