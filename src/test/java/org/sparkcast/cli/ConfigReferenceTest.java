package org.sparkcast.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkcast.data.DataKeys;
import org.sparkcast.forecast.ForecastKeys;
import org.sparkcast.train.TrainKeys;

/** docs/config-reference.md names every configuration key the code knows. */
class ConfigReferenceTest {
    @Test
    void everyKeyOfEverySectionIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/config-reference.md"));
        List<String> missing = new ArrayList<>();
        List<String> keys = new ArrayList<>(DataKeys.all());
        keys.addAll(TrainKeys.all());
        keys.addAll(ForecastKeys.defaults().keySet());
        for (String key : keys) {
            if (!doc.contains("`" + key + "`")) {
                missing.add(key);
            }
        }
        assertTrue(missing.isEmpty(), "docs/config-reference.md lacks " + missing);
    }
}
