package org.sparkcast.model;

import java.util.Map;
import org.sparkcast.engine.NetworkSpec;

/**
 * A model read from, or about to be written to, a model directory: the network shape, the parameter
 * vector in {@link org.sparkcast.engine.ParameterLayout} order, and free-form training metadata
 * (settings, history, provenance) that goes into the manifest as given.
 */
public final class SavedModel {
    private final NetworkSpec network;
    private final float[] params;
    private final Map<String, Object> training;

    public SavedModel(NetworkSpec network, float[] params, Map<String, Object> training) {
        this.network = network;
        this.params = params;
        this.training = Map.copyOf(training);
    }

    public NetworkSpec network() { return network; }
    /** The parameters (live). */
    public float[] params() { return params; }
    public Map<String, Object> training() { return training; }
}
