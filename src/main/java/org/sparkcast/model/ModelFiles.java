package org.sparkcast.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.ParameterLayout;

/**
 * One model's two files in a folder — a version under {@code versions/}, or the whole model directory of the older
 * flat layout:
 * <pre>
 * manifest.json   {"format": "sparkcast-model", "version": 1, "created": "2026-12-02T19:35:12.123456Z",
 *                  "network": {"cell", "inputs", "hidden", "layers", "directionality", "outputs", "loss"},
 *                  "parameters": {"file": "params.bin", "count": N, "encoding": "float32-little-endian",
 *                                 "bytes": 4N, "crc32c": "1a2b3c4d",
 *                                 "layout": [{"name", "offset", "rows", "cols"}, ...]},
 *                  "training": {...}}
 * params.bin      N float32 values, little-endian, in layout order (PyTorch's named_parameters() order)
 * </pre>
 * {@code created}, {@code bytes} and {@code crc32c} were added without a format version change: older readers ignore
 * them, and models written before them read as before, without the checksum test. Both files are read through the
 * raw filesystem where Hadoop keeps {@code .crc} sidecars (the local one), so that damage is reported by the CRC32C
 * test below, naming the file, rather than as Hadoop's {@code ChecksumException}; the sidecars are still written.
 */
final class ModelFiles {
    static final String MANIFEST = "manifest.json";
    static final String PARAMS = "params.bin";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    /** Writes both files of {@code model} into {@code folder} (which must not exist yet), stamped {@code created}. */
    static void write(FileSystem fs, Path folder, SavedModel model, Instant created) throws IOException {
        ParameterLayout layout = new ParameterLayout(model.network());
        if (layout.size() != model.params().length) {
            throw new IllegalArgumentException("model has " + model.params().length + " parameters, layout of "
                    + model.network() + " needs " + layout.size());
        }
        ByteBuffer buf = ByteBuffer.allocate(model.params().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(model.params());
        byte[] bytes = buf.array();
        fs.mkdirs(folder);
        try (FSDataOutputStream out = fs.create(new Path(folder, PARAMS), false)) {
            out.write(bytes);
            out.hsync();
        }
        try (FSDataOutputStream out = fs.create(new Path(folder, MANIFEST), false)) {
            out.write(JSON.writeValueAsBytes(manifest(model, layout, bytes, created)));
            out.hsync();
        }
    }

    /** Reads and checks the model in {@code folder}: every manifest field, the parameter count, length and checksum. */
    static SavedModel read(FileSystem fs, Path folder) throws IOException {
        FileSystem raw = raw(fs);
        ManifestFields m = manifest(raw, folder);
        NetworkSpec spec = network(m);
        int count = m.integer("parameters.count", 0);
        int expected = new ParameterLayout(spec).size();
        if (count != expected) {
            throw m.refuse("field 'parameters.count' is " + count + ", but " + spec + " has " + expected + " parameters");
        }
        Path params = new Path(folder, PARAMS);
        if (!raw.exists(params)) {
            throw new IllegalArgumentException(params + ": missing; promote another version or retrain");
        }
        long length = raw.getFileStatus(params).getLen(); // checked before anything is allocated
        long recorded = m.optional("parameters.bytes") == null ? (long) count * Float.BYTES : m.whole("parameters.bytes", 0, Long.MAX_VALUE);
        if (length != (long) count * Float.BYTES || recorded != length) {
            throw new IllegalArgumentException(params + ": " + length + " bytes, expected " + (long) count * Float.BYTES + " ("
                    + count + " float32 values): the file is damaged; promote another version or retrain");
        }
        byte[] bytes;
        try (InputStream in = raw.open(params)) {
            bytes = in.readNBytes((int) length);
        }
        if (m.optional("parameters.crc32c") != null) {
            String want = m.text("parameters.crc32c");
            String found = crc32c(bytes);
            if (!want.equalsIgnoreCase(found)) {
                throw new IllegalArgumentException(params + ": checksum mismatch (expected " + want + ", found " + found
                        + "): the file is damaged; promote another version or retrain");
            }
        }
        float[] values = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        JsonNode training = m.optional("training");
        if (training != null && !training.isObject()) {
            m.object("training"); // refuses, naming the field
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        if (training != null) {
            training.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) { // a null entry would only fail later, far from this file
                    meta.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class));
                }
            });
        }
        return new SavedModel(spec, values, meta, folder.toString());
    }

    /** The parsed manifest of {@code folder}, its format and version checked. */
    static ManifestFields manifest(FileSystem fs, Path folder) throws IOException {
        FileSystem raw = raw(fs);
        Path file = new Path(folder, MANIFEST);
        if (!raw.exists(file)) {
            throw new IllegalArgumentException(file + ": missing; promote another version or retrain");
        }
        ManifestFields m = ManifestFields.parse(raw, file, JSON);
        String format = m.optional("format") == null ? "" : m.optional("format").asText();
        JsonNode version = m.optional("version");
        if (!ModelDirectory.FORMAT.equals(format) || version == null || version.asInt() != ModelDirectory.VERSION) {
            throw m.refuse("format '" + format + "' version " + version + "; this Sparkcast reads " + ModelDirectory.FORMAT
                    + " version " + ModelDirectory.VERSION);
        }
        return m;
    }

    static NetworkSpec network(ManifestFields m) {
        m.object("network");
        try {
            return new NetworkSpec(m.choice("network.cell", CellType.class), m.integer("network.inputs", 1),
                    m.integer("network.hidden", 1), m.integer("network.layers", 1),
                    m.choice("network.directionality", Directionality.class), m.integer("network.outputs", 1),
                    m.choice("network.loss", LossKind.class));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(m.file().toString())) {
                throw e;
            }
            throw m.refuse("field 'network' does not describe a network: " + e.getMessage());
        }
    }

    /** CRC32C of {@code bytes} as 8 lower-case hex digits. */
    static String crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /** The filesystem under Hadoop's checksummed wrapper (the local one), else {@code fs}. */
    static FileSystem raw(FileSystem fs) {
        return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    private static Map<String, Object> manifest(SavedModel model, ParameterLayout layout, byte[] bytes, Instant created) {
        NetworkSpec n = model.network();
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("cell", n.cell().name());
        network.put("inputs", n.inputSize());
        network.put("hidden", n.hiddenSize());
        network.put("layers", n.layers());
        network.put("directionality", n.directionality().name());
        network.put("outputs", n.outputSize());
        network.put("loss", n.loss().name());
        List<Map<String, Object>> slices = new ArrayList<>();
        for (ParameterLayout.Slice s : layout.slices()) {
            slices.add(Map.of("name", s.name(), "offset", s.offset(), "rows", s.rows(), "cols", s.cols()));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("file", PARAMS);
        parameters.put("count", layout.size());
        parameters.put("encoding", "float32-little-endian");
        parameters.put("bytes", bytes.length);
        parameters.put("crc32c", crc32c(bytes));
        parameters.put("layout", slices);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", ModelDirectory.FORMAT);
        root.put("version", ModelDirectory.VERSION);
        root.put("created", created.toString());
        root.put("network", network);
        root.put("parameters", parameters);
        root.put("training", model.training());
        return root;
    }
}
