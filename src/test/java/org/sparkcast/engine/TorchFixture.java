package org.sparkcast.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One PyTorch reference file (schema {@code rnn-reference/1}, see {@code fixtures/torch/README.md}),
 * with every size read from the JSON and the batch-major arrays converted to the engine's time-major
 * layout. Values are parsed as float64 and rounded to float32, as the README prescribes.
 */
final class TorchFixture {
    final Path file;
    final JsonNode json;
    final NetworkSpec spec;
    final int batch;
    final int steps;

    TorchFixture(Path file) throws IOException {
        this.file = file;
        this.json = new ObjectMapper().readTree(file.toFile());
        String schema = json.path("schema").asText();
        if (!"rnn-reference/1".equals(schema)) {
            throw new IllegalArgumentException(file + ": schema '" + schema + "', expected rnn-reference/1");
        }
        this.spec = new NetworkSpec(CellType.fromConfigName(json.get("cell").asText()), json.get("input_size").asInt(),
                json.get("hidden_size").asInt(), json.get("num_layers").asInt(),
                Directionality.of(json.get("bidirectional").asBoolean()), json.get("output_size").asInt(),
                LossKind.fromConfigName(json.get("loss").asText()));
        this.batch = json.get("batch").asInt();
        this.steps = json.get("steps").asInt();
    }

    String name() {
        return file.getFileName().toString();
    }

    /** A network holding this file's {@code params} (or another parameter object such as {@code final_params}). */
    RecurrentNetwork network(Gemm gemm) {
        RecurrentNetwork net = new RecurrentNetwork(spec, gemm);
        loadParams(json.get("params"), net.layout(), net.parameters());
        return net;
    }

    /** Copies every named parameter of {@code node} into the flat array, checking the count. */
    void loadParams(JsonNode node, ParameterLayout layout, float[] into) {
        if (node.size() != layout.slices().size()) {
            throw new IllegalArgumentException(name() + ": " + node.size() + " parameters in the file, "
                    + layout.slices().size() + " in the layout of " + spec);
        }
        for (ParameterLayout.Slice s : layout.slices()) {
            double[] v = flatten(node.get(s.name()));
            if (v.length != s.size()) {
                throw new IllegalArgumentException(name() + ": parameter " + s.name() + " has " + v.length + " values, layout says " + s);
            }
            for (int i = 0; i < v.length; i++) {
                into[s.offset() + i] = (float) v[i];
            }
        }
    }

    /** {@code input} as time-major {@code [T][B][I]} floats. */
    float[] input() {
        return toFloat(timeMajor(flatten(json.get("input")), batch, steps, spec.inputSize()));
    }

    /** {@code target}: time-major {@code [T][B][O]} (all steps) or {@code [B][O]} (last step). */
    float[] target() {
        double[] t = flatten(json.get("target"));
        return toFloat(spec.loss() == LossKind.MSE_ALL_STEPS ? timeMajor(t, batch, steps, spec.outputSize()) : t);
    }

    /** The initial state from {@code h0}/{@code c0}, already in the engine's {@code [L*D][B][H]} layout. */
    RecurrentState initialState() {
        RecurrentState s = new RecurrentState(spec, batch);
        copyInto(flatten(json.get("h0")), s.h());
        if (s.c() != null) {
            copyInto(flatten(json.get("c0")), s.c());
        }
        return s;
    }

    /** Converts {@code [B][T][F]} to {@code [T][B][F]}. */
    static double[] timeMajor(double[] batchMajor, int batch, int steps, int features) {
        if (batchMajor.length != batch * steps * features) {
            throw new IllegalArgumentException("array of " + batchMajor.length + " values is not [" + batch + " x " + steps + " x " + features + "]");
        }
        double[] out = new double[batchMajor.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(batchMajor, (b * steps + t) * features, out, (t * batch + b) * features, features);
            }
        }
        return out;
    }

    /** All numbers of a nested JSON array, row-major; a single number gives one value. */
    static double[] flatten(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing array in fixture");
        }
        List<Double> values = new ArrayList<>();
        collect(node, values);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void collect(JsonNode node, List<Double> values) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                collect(child, values);
            }
        } else {
            values.add(node.asDouble());
        }
    }

    private static void copyInto(double[] from, float[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("state of " + from.length + " values, expected " + to.length);
        }
        for (int i = 0; i < to.length; i++) {
            to[i] = (float) from[i];
        }
    }

    static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
