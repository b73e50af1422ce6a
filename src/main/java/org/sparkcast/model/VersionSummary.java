package org.sparkcast.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkcast.engine.NetworkSpec;

/**
 * Builds a {@link ModelVersion} from a version's manifest alone. A manifest that cannot be read still gives a row —
 * its folder's time and the reason — so that {@code model list} shows every version, damaged ones included.
 */
final class VersionSummary {
    private VersionSummary() {
    }

    static ModelVersion of(FileSystem fs, Path folder, String name, boolean current) throws IOException {
        Instant folderTime = Instant.ofEpochMilli(fs.getFileStatus(folder).getModificationTime());
        ManifestFields m;
        try {
            m = ModelFiles.manifest(fs, folder);
        } catch (IllegalArgumentException e) {
            return new ModelVersion(name, folder.toString(), folderTime, current, null, null, "", "", List.of(), e.getMessage());
        }
        JsonNode t = m.optional("training") != null && m.optional("training").isObject() ? m.optional("training")
                : new ObjectNode(ModelFiles.JSON.getNodeFactory());
        Instant created = created(m, fs, folder);
        Integer bestEpoch = t.path("best_epoch").isNumber() ? t.path("best_epoch").asInt() : null;
        JsonNode lossNode = t.path("best_validation_loss");
        Double loss = lossNode.isNumber() || lossNode.isTextual() ? lossNode.asDouble() : null;
        return new ModelVersion(name, folder.toString(), created, current, bestEpoch, loss, data(t), fingerprint(t),
                details(m, t), null);
    }

    /** The manifest's {@code created}, else the manifest file's modification time (models written before versions). */
    private static Instant created(ManifestFields m, FileSystem fs, Path folder) throws IOException {
        JsonNode c = m.optional("created");
        if (c != null && c.isTextual()) {
            try {
                return Instant.parse(c.asText());
            } catch (DateTimeParseException e) {
                // falls through to the file's time
            }
        }
        return Instant.ofEpochMilli(fs.getFileStatus(m.file()).getModificationTime());
    }

    private static String data(JsonNode t) {
        JsonNode d = t.path("data");
        String name = d.path("config").path("data.name").asText("");
        return !name.isEmpty() ? name : d.isTextual() ? d.asText() : d.path("dataset").asText("");
    }

    /** CRC32C over the training config, the data config and the input files' checksums (8 hex digits; "" when none). */
    private static String fingerprint(JsonNode t) {
        ObjectNode of = new ObjectNode(ModelFiles.JSON.getNodeFactory());
        of.set("train", t.path("config"));
        of.set("data", t.path("data").path("config"));
        List<String> files = new ArrayList<>();
        t.path("data").path("input_files").forEach(f -> files.add(f.path("path").asText() + "=" + f.path("checksum").asText()));
        of.put("files", String.join(",", files));
        try {
            return t.has("config") ? ModelFiles.crc32c(ModelFiles.JSON.writeValueAsBytes(of)) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> details(ManifestFields m, JsonNode t) {
        List<String> lines = new ArrayList<>();
        try {
            NetworkSpec n = ModelFiles.network(m);
            lines.add(String.format(Locale.ROOT, "network: %s, %d inputs, %d hidden x %d layer(s), %d outputs, %s", n.cell(),
                    n.inputSize(), n.hiddenSize(), n.layers(), n.outputSize(), n.loss()));
        } catch (IllegalArgumentException e) {
            lines.add("network: " + e.getMessage());
        }
        JsonNode p = m.root().path("parameters");
        lines.add("parameters: " + p.path("count").asText("?") + " float32 in " + p.path("file").asText(ModelFiles.PARAMS)
                + (p.has("crc32c") ? ", " + p.path("bytes").asText() + " bytes, crc32c " + p.path("crc32c").asText()
                : ", no checksum recorded (written before checksums)"));
        JsonNode config = t.path("config");
        if (config.isObject()) {
            lines.add("training: " + config.path("train.objective").asText("?") + " objective, " + config.path("train.optimizer").asText("?")
                    + " at learning rate " + config.path("train.learning-rate").asText("?") + ", seed " + config.path("train.seed").asText("?")
                    + ", " + t.path("history").size() + " epoch(s), " + t.path("rounds").asText("?") + " round(s)");
        }
        if (t.path("data").path("input_files").isArray()) {
            lines.add("input files: " + t.path("data").path("input_files").size() + " (sizes, times and checksums in the manifest)");
        }
        lines.add("code version: " + t.path("code_version").asText("unknown"));
        return lines;
    }
}
