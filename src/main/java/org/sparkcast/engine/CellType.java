package org.sparkcast.engine;

import java.util.Arrays;
import java.util.Locale;

/** The recurrent cell of every layer, with the number of gate blocks G in its weight rows. */
public enum CellType {
    /** Long short-term memory, gates i, f, g, o (PyTorch order). */
    LSTM("lstm", 4),
    /** Gated recurrent unit, gates r, z, n with the reset gate applied after {@code W_hn h + b_hn}. */
    GRU("gru", 3),
    /** Elman RNN with tanh. */
    RNN_TANH("rnn_tanh", 1),
    /** Elman RNN with relu. */
    RNN_RELU("rnn_relu", 1);

    private final String configName;
    private final int gates;

    CellType(String configName, int gates) {
        this.configName = configName;
        this.gates = gates;
    }

    /** Gate blocks G: the weight matrices have {@code G * H} rows. */
    public int gates() {
        return gates;
    }

    /** The name used in configs, benchmarks and the PyTorch fixtures ({@code lstm}, {@code rnn_tanh}, ...). */
    public String configName() {
        return configName;
    }

    /** Parses a config name such as {@code lstm} or {@code rnn_relu}, case-insensitively. */
    public static CellType fromConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (CellType t : values()) {
            if (t.configName.equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown cell type '" + name + "'; expected one of "
                + Arrays.stream(values()).map(CellType::configName).toList());
    }
}
