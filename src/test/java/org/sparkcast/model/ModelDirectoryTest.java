package org.sparkcast.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.ParameterLayout;

/**
 * The model directory on real files: versions and the CURRENT pointer, pruning, promotion, the older flat layout,
 * the params.bin checksum and manifest fields that are missing or wrong — each refused naming the file and the field.
 */
class ModelDirectoryTest {
    private static final NetworkSpec SPEC = new NetworkSpec(CellType.LSTM, 2, 3, 1, Directionality.UNIDIRECTIONAL, 1,
            LossKind.MSE_ALL_STEPS);
    private final Configuration hadoop = new Configuration();

    @TempDir
    Path tmp;

    private String dir() {
        return tmp.resolve("model").toString();
    }

    /** A model whose every parameter is {@code value}, its best epoch {@code epoch}. */
    private static SavedModel model(float value, int epoch) {
        float[] params = new float[new ParameterLayout(SPEC).size()];
        Arrays.fill(params, value);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("best_epoch", epoch);
        training.put("best_validation_loss", 0.25 / epoch);
        training.put("config", Map.of("train.learning-rate", "0.01", "train.seed", "1"));
        training.put("data", Map.of("config", Map.of("data.name", "tiny")));
        return new SavedModel(SPEC, params, training);
    }

    private Path version(String name) {
        return tmp.resolve("model/versions/" + name);
    }

    private String current() throws IOException {
        return Files.readString(tmp.resolve("model/CURRENT")).trim();
    }

    @Test
    void eachWriteIsANewVersionThatBecomesCurrent() throws IOException {
        String first = ModelDirectory.write(model(1f, 1), dir(), hadoop);
        String second = ModelDirectory.write(model(2f, 2), dir(), hadoop);
        assertTrue(first.matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}"), first);
        assertEquals(second, current());
        assertEquals(2f, ModelDirectory.read(dir(), hadoop).params()[0]);
        assertEquals(1f, ModelDirectory.read(dir(), first, hadoop).params()[0]);
        assertTrue(Files.exists(version(first).resolve("params.bin")) && Files.exists(version(second).resolve("manifest.json")));
        List<ModelVersion> all = ModelDirectory.versions(dir(), hadoop);
        assertEquals(List.of(first, second), all.stream().map(ModelVersion::name).toList());
        assertEquals(List.of(false, true), all.stream().map(ModelVersion::current).toList());
        assertEquals(2, all.get(1).bestEpoch());
        assertEquals(0.125, all.get(1).loss());
        assertEquals("tiny", all.get(1).data());
        assertEquals(all.get(0).fingerprint(), all.get(1).fingerprint(), "same settings, same data: same fingerprint");
        assertTrue(all.get(0).fingerprint().matches("[0-9a-f]{8}"), all.get(0).fingerprint());
        try (Stream<Path> s = Files.list(tmp.resolve("model"))) {
            assertEquals(List.of("CURRENT", "versions"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }
    }

    @Test
    void keepsTheNewestVersionsAndPromotesAnother() throws IOException {
        String first = ModelDirectory.write(model(1f, 1), dir(), hadoop, 2);
        String second = ModelDirectory.write(model(2f, 2), dir(), hadoop, 2);
        String third = ModelDirectory.write(model(3f, 3), dir(), hadoop, 2);
        assertFalse(Files.exists(version(first)), "the oldest beyond train.keep-versions is deleted");
        assertEquals(List.of(second, third), ModelDirectory.versions(dir(), hadoop).stream().map(ModelVersion::name).toList());

        ModelDirectory.promote(dir(), second, hadoop);
        assertEquals(second, current());
        assertEquals(2f, ModelDirectory.read(dir(), hadoop).params()[0]);
        assertEquals(second, ModelDirectory.describe(dir(), null, hadoop).name());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.promote(dir(), "nope", hadoop));
        assertEquals("no version 'nope' in " + dir() + " (versions: " + second + ", " + third + ")", e.getMessage());
        assertEquals(second, current(), "a refused promotion leaves CURRENT");
    }

    @Test
    void aDamagedVersionIsNeitherReadNorPromoted() throws IOException {
        String good = ModelDirectory.write(model(1f, 1), dir(), hadoop);
        String bad = ModelDirectory.write(model(2f, 2), dir(), hadoop);
        Path params = version(bad).resolve("params.bin");
        byte[] bytes = Files.readAllBytes(params);
        String expected = ModelFiles.crc32c(bytes);
        bytes[5] ^= 0x10;
        Files.write(params, bytes);
        String found = ModelFiles.crc32c(bytes);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.read(dir(), hadoop));
        assertEquals(params + ": checksum mismatch (expected " + expected + ", found " + found
                + "): the file is damaged; promote another version or retrain", e.getMessage());

        ModelDirectory.promote(dir(), good, hadoop);
        e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.promote(dir(), bad, hadoop));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertEquals(good, current());

        Files.write(params, Arrays.copyOf(bytes, bytes.length - 4));
        e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.read(dir(), bad, hadoop));
        assertEquals(params + ": " + (bytes.length - 4) + " bytes, expected " + bytes.length + " (" + bytes.length / 4
                + " float32 values): the file is damaged; promote another version or retrain", e.getMessage());
    }

    @Test
    void missingOrWrongManifestFieldsAreRefusedNamingFileAndField() throws IOException {
        String name = ModelDirectory.write(model(1f, 1), dir(), hadoop);
        Path manifest = version(name).resolve("manifest.json");
        String original = Files.readString(manifest);
        String file = manifest.toString();

        assertEquals(file + ": field 'network' is missing", refusal(manifest, edit(original, m -> m.remove("network"))));
        assertEquals(file + ": field 'network.cell' is 'LSTL', expected one of [LSTM, GRU, RNN_TANH, RNN_RELU]",
                refusal(manifest, edit(original, m -> ((ObjectNode) m.get("network")).put("cell", "LSTL"))));
        assertEquals(file + ": field 'network.hidden' is \"x\", expected a whole number in [1, 2147483647]",
                refusal(manifest, edit(original, m -> ((ObjectNode) m.get("network")).put("hidden", "x"))));
        assertEquals(file + ": field 'parameters.count' is missing", refusal(manifest, edit(original, m -> m.remove("parameters"))));
        assertTrue(refusal(manifest, "{\"format\": \"sparkcast-model\", \"version\": 1, \"netw")
                .startsWith(file + ": not readable JSON ("), "truncated JSON");
        assertEquals(file + ": format '' version 1; this Sparkcast reads sparkcast-model version 1",
                refusal(manifest, edit(original, m -> m.remove("format"))));
    }

    @Test
    void theOlderFlatLayoutReadsAndIsKeptAsAVersionByTheNextWrite() throws IOException {
        // an older model: manifest.json and params.bin directly in the model directory, no created, bytes or crc32c
        String v = ModelDirectory.write(model(7f, 1), tmp.resolve("scratch").toString(), hadoop);
        Path flat = Files.createDirectories(tmp.resolve("model"));
        Files.copy(tmp.resolve("scratch/versions/" + v + "/params.bin"), flat.resolve("params.bin"));
        Files.writeString(flat.resolve("manifest.json"), edit(Files.readString(tmp.resolve("scratch/versions/" + v + "/manifest.json")),
                m -> {
                    m.remove("created");
                    ((ObjectNode) m.get("parameters")).remove(List.of("bytes", "crc32c"));
                }));
        assertEquals(7f, ModelDirectory.read(dir(), hadoop).params()[0]);
        ModelVersion only = ModelDirectory.describe(dir(), null, hadoop);
        assertEquals(ModelVersion.FLAT, only.name());
        assertTrue(only.current());

        String next = ModelDirectory.write(model(8f, 2), dir(), hadoop);
        assertFalse(Files.exists(flat.resolve("manifest.json")), "CURRENT decides now");
        List<ModelVersion> all = ModelDirectory.versions(dir(), hadoop);
        assertEquals(2, all.size());
        assertTrue(all.get(0).name().endsWith("-flat"), all.get(0).name());
        assertEquals(next, all.get(1).name());
        ModelDirectory.promote(dir(), all.get(0).name(), hadoop);
        assertEquals(7f, ModelDirectory.read(dir(), hadoop).params()[0]);
    }

    @Test
    void aCurrentPointerToNoVersionOrNoModelAtAllIsRefusedSayingWhatToDo() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.read(dir(), hadoop));
        assertEquals(dir() + " is not a Sparkcast model directory (no CURRENT or manifest.json)", e.getMessage());
        String name = ModelDirectory.write(model(1f, 1), dir(), hadoop);
        Files.writeString(tmp.resolve("model/CURRENT"), "20200101T000000Z-abcdef\n", StandardCharsets.UTF_8);
        e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.read(dir(), hadoop));
        assertEquals(dir() + "/CURRENT names version '20200101T000000Z-abcdef', which is not in " + dir()
                + "/versions: promote another version (sparkcast model list --model-dir " + dir() + ")", e.getMessage());
        Files.delete(tmp.resolve("model/CURRENT"));
        e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.read(dir(), hadoop));
        assertTrue(e.getMessage().contains("holds model versions but no CURRENT"), e.getMessage());
        ModelDirectory.promote(dir(), name, hadoop);
        assertEquals(1f, ModelDirectory.read(dir(), hadoop).params()[0]);
    }

    private interface Edit {
        void apply(ObjectNode manifest);
    }

    private static String edit(String json, Edit edit) throws IOException {
        ObjectNode m = (ObjectNode) ModelFiles.JSON.readTree(json);
        edit.apply(m);
        return ModelFiles.JSON.writeValueAsString(m);
    }

    /** Writes {@code text} as the manifest and returns the message reading the model gives. */
    private String refusal(Path manifest, String text) throws IOException {
        Files.writeString(manifest, text, StandardCharsets.UTF_8);
        return assertThrows(IllegalArgumentException.class, () -> ModelDirectory.read(dir(), hadoop)).getMessage();
    }
}
