package org.sparkcast.model;

import java.util.Map;
import org.sparkcast.engine.NetworkSpec;

/**
 * A model read from, or about to be written to, a model directory: the network shape, the parameter
 * vector in {@link org.sparkcast.engine.ParameterLayout} order, free-form training metadata
 * (settings, history, provenance) that goes into the manifest as given, and — when read — the folder it came from
 * (the version's, so that messages name the files actually read).
 */
public final class SavedModel {
    private final NetworkSpec network;
    private final float[] params;
    private final Map<String, Object> training;
    private final String source;

    public SavedModel(NetworkSpec network, float[] params, Map<String, Object> training) {
        this(network, params, training, null);
    }

    SavedModel(NetworkSpec network, float[] params, Map<String, Object> training, String source) {
        this.network = network;
        this.params = params;
        this.training = Map.copyOf(training);
        this.source = source;
    }

    public NetworkSpec network() { return network; }
    /** The parameters (live). */
    public float[] params() { return params; }
    public Map<String, Object> training() { return training; }
    /** The folder holding the files this model was read from; null for a model not read from disk. */
    public String source() { return source; }
}
