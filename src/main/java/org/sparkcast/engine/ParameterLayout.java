package org.sparkcast.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every parameter lives in the one flat {@code float[]} of a network, in PyTorch's
 * {@code named_parameters()} order, names and row-major orientation:
 *
 * <pre>
 * for l in 0..L-1, for d in (forward, reverse):
 *   rnn.weight_ih_l{l}{sfx}  [G*H][in_l]     in_l = I for l == 0, H*D above
 *   rnn.weight_hh_l{l}{sfx}  [G*H][H]
 *   rnn.bias_ih_l{l}{sfx}    [G*H]
 *   rnn.bias_hh_l{l}{sfx}    [G*H]
 * head.weight                [O][H*D]
 * head.bias                  [O]
 * </pre>
 *
 * The {@code G*H} rows are G consecutive blocks of H rows, one per gate, in the cell's gate order.
 * Gradients, optimizer moments and checkpoints use this same layout, so each of them is one array.
 */
public final class ParameterLayout {

    /** A named view {@code [rows][cols]} (cols = 1 for a vector) into the flat array. */
    public static final class Slice {
        private final String name;
        private final int offset;
        private final int rows;
        private final int cols;

        Slice(String name, int offset, int rows, int cols) {
            this.name = name;
            this.offset = offset;
            this.rows = rows;
            this.cols = cols;
        }

        public String name() { return name; }
        public int offset() { return offset; }
        public int rows() { return rows; }
        public int cols() { return cols; }
        public int size() { return rows * cols; }

        @Override
        public String toString() {
            return name + "[" + rows + " x " + cols + "]@" + offset;
        }
    }

    private final NetworkSpec spec;
    private final List<Slice> slices;
    private final Map<String, Slice> byName;
    private final int size;

    public ParameterLayout(NetworkSpec spec) {
        this.spec = spec;
        int gh = spec.cell().gates() * spec.hiddenSize();
        int h = spec.hiddenSize();
        List<Slice> list = new ArrayList<>();
        int offset = 0;
        for (int l = 0; l < spec.layers(); l++) {
            for (int d = 0; d < spec.directions(); d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                int in = spec.layerInputSize(l);
                offset = add(list, "rnn.weight_ih" + sfx, offset, gh, in);
                offset = add(list, "rnn.weight_hh" + sfx, offset, gh, h);
                offset = add(list, "rnn.bias_ih" + sfx, offset, gh, 1);
                offset = add(list, "rnn.bias_hh" + sfx, offset, gh, 1);
            }
        }
        offset = add(list, "head.weight", offset, spec.outputSize(), h * spec.directions());
        offset = add(list, "head.bias", offset, spec.outputSize(), 1);
        this.size = offset;
        this.slices = Collections.unmodifiableList(list);
        Map<String, Slice> map = new LinkedHashMap<>();
        for (Slice s : list) {
            map.put(s.name(), s);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    private static int add(List<Slice> list, String name, int offset, int rows, int cols) {
        list.add(new Slice(name, offset, rows, cols));
        return offset + rows * cols;
    }

    public NetworkSpec spec() { return spec; }

    /** Total number of floats. */
    public int size() { return size; }

    /** All slices in layout order. */
    public List<Slice> slices() { return slices; }

    /** The slice with a PyTorch parameter name such as {@code rnn.weight_hh_l1_reverse}. */
    public Slice slice(String name) {
        Slice s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in " + spec + "; known: " + byName.keySet());
        }
        return s;
    }

    public Slice weightIh(int layer, int direction) { return slice("rnn.weight_ih" + suffix(layer, direction)); }
    public Slice weightHh(int layer, int direction) { return slice("rnn.weight_hh" + suffix(layer, direction)); }
    public Slice biasIh(int layer, int direction) { return slice("rnn.bias_ih" + suffix(layer, direction)); }
    public Slice biasHh(int layer, int direction) { return slice("rnn.bias_hh" + suffix(layer, direction)); }
    public Slice headWeight() { return slice("head.weight"); }
    public Slice headBias() { return slice("head.bias"); }

    private static String suffix(int layer, int direction) {
        return "_l" + layer + (direction == 1 ? "_reverse" : "");
    }
}
