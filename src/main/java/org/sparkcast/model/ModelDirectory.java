package org.sparkcast.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.ParameterLayout;

/**
 * Writes and reads a model directory on any Hadoop filesystem:
 * <pre>
 * manifest.json   {"format": "sparkcast-model", "version": 1, "network": {...},
 *                  "parameters": {"file": "params.bin", "count": N, "encoding": "float32-little-endian",
 *                                 "layout": [{"name", "offset", "rows", "cols"}, ...]},
 *                  "training": {...}}
 * params.bin      N float32 values, little-endian, in layout order (PyTorch's named_parameters() order)
 * </pre>
 * A model is written into a temporary sibling directory and renamed into place, so a crash never leaves
 * a half-written model; an existing model at the same path is replaced only once the new one is complete.
 */
public final class ModelDirectory {
    public static final String FORMAT = "sparkcast-model";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {
    }

    public static void write(SavedModel model, String dir, Configuration hadoop) throws IOException {
        ParameterLayout layout = new ParameterLayout(model.network());
        if (layout.size() != model.params().length) {
            throw new IllegalArgumentException("model has " + model.params().length + " parameters, layout of "
                    + model.network() + " needs " + layout.size());
        }
        Path target = new Path(dir);
        FileSystem fs = target.getFileSystem(hadoop);
        AtomicDirectory.write(fs, target, tmp -> {
            fs.mkdirs(tmp);
            try (FSDataOutputStream out = fs.create(new Path(tmp, "params.bin"), true)) {
                ByteBuffer buf = ByteBuffer.allocate(model.params().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(model.params());
                out.write(buf.array());
                out.hsync();
            }
            try (FSDataOutputStream out = fs.create(new Path(tmp, "manifest.json"), true)) {
                out.write(JSON.writeValueAsBytes(manifest(model, layout)));
                out.hsync();
            }
        });
    }

    public static SavedModel read(String dir, Configuration hadoop) throws IOException {
        Path target = new Path(dir);
        FileSystem fs = target.getFileSystem(hadoop);
        Path manifestPath = new Path(target, "manifest.json");
        if (!fs.exists(manifestPath)) {
            throw new IllegalArgumentException(dir + " is not a Sparkcast model directory (no manifest.json)");
        }
        JsonNode m;
        try (InputStream in = fs.open(manifestPath)) {
            m = JSON.readTree(in);
        }
        if (!FORMAT.equals(m.path("format").asText()) || m.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException(manifestPath + ": format '" + m.path("format").asText() + "' version "
                    + m.path("version").asInt() + "; this Sparkcast reads " + FORMAT + " version " + VERSION);
        }
        JsonNode n = m.get("network");
        NetworkSpec spec = new NetworkSpec(CellType.valueOf(n.get("cell").asText()), n.get("inputs").asInt(),
                n.get("hidden").asInt(), n.get("layers").asInt(), Directionality.valueOf(n.get("directionality").asText()),
                n.get("outputs").asInt(), LossKind.valueOf(n.get("loss").asText()));
        int count = m.get("parameters").get("count").asInt();
        if (count != new ParameterLayout(spec).size()) {
            throw new IllegalArgumentException(manifestPath + ": " + count + " parameters, but " + spec + " has "
                    + new ParameterLayout(spec).size());
        }
        byte[] bytes;
        try (InputStream in = fs.open(new Path(target, "params.bin"))) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != count * Float.BYTES) {
            throw new IllegalArgumentException(target + "/params.bin has " + bytes.length + " bytes, expected " + count * Float.BYTES);
        }
        float[] params = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(params);
        @SuppressWarnings("unchecked")
        Map<String, Object> training = JSON.convertValue(m.path("training"), Map.class);
        return new SavedModel(spec, params, training == null ? Map.of() : training);
    }

    private static Map<String, Object> manifest(SavedModel model, ParameterLayout layout) {
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
        parameters.put("file", "params.bin");
        parameters.put("count", layout.size());
        parameters.put("encoding", "float32-little-endian");
        parameters.put("layout", slices);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("network", network);
        root.put("parameters", parameters);
        root.put("training", model.training());
        return root;
    }
}
