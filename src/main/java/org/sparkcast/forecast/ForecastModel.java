package org.sparkcast.forecast;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.sparkcast.data.DataConfig;
import org.sparkcast.data.DataKeys;
import org.sparkcast.data.FeatureLayout;
import org.sparkcast.data.RowEncoder;
import org.sparkcast.data.Scaler;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.model.ModelDirectory;
import org.sparkcast.model.SavedModel;
import org.sparkcast.train.TrainingConfig;

/**
 * A trained model with what forecasting needs of its data: the network and parameters, the data config it
 * was trained with (the schema), its feature layout (categorical levels) and its training-range scaling.
 * {@link #load} checks the schema of the data a forecast is asked to read against the model's.
 */
public final class ForecastModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Data keys that define the model's inputs and outputs: new data must agree on every one. */
    static final List<String> SCHEMA_KEYS = List.of(DataKeys.TARGETS, DataKeys.PAST, DataKeys.FUTURE, DataKeys.CALENDAR,
            DataKeys.CATEGORICAL, DataKeys.CATEGORICAL_ENCODING, DataKeys.FREQUENCY, DataKeys.TIME_ZONE);

    private final String dir;
    private final NetworkSpec network;
    private final float[] params;
    private final DataConfig data;
    private final FeatureLayout layout;
    private final Scaler scaler;
    private final TreeMap<String, String> overrides;
    /** The direct objective the model was trained with, or null: one step ahead, forecasts roll out. */
    private final HorizonLoss direct;
    /** The folder the model's files were read from (the current version's), named in forecast and evaluation reports. */
    private final String files;

    private ForecastModel(String dir, String files, NetworkSpec network, float[] params, DataConfig data, FeatureLayout layout, Scaler scaler,
                          Map<String, String> overrides, HorizonLoss direct) {
        this.files = files;
        this.direct = direct;
        this.overrides = new TreeMap<>(overrides);
        this.dir = dir;
        this.network = network;
        this.params = params;
        this.data = data;
        this.layout = layout;
        this.scaler = scaler;
    }

    /**
     * Reads the model in {@code dir} and the data config to forecast with: the model's own data config with
     * the {@code data.*} keys of {@code config} on top (so a config may point at other files). A schema key
     * that differs from the model's is refused, naming both values.
     */
    public static ForecastModel load(String dir, Configuration hadoop, Properties config) {
        SavedModel saved;
        try {
            saved = ModelDirectory.read(dir, hadoop);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the model in " + dir + ": " + e.getMessage(), e);
        }
        String manifest = (saved.source() == null ? dir : saved.source()) + "/manifest.json";
        try {
            return load(dir, manifest, saved, config);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(manifest + ": the data description is malformed (" + e.getMessage() + ")", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ForecastModel load(String dir, String manifest, SavedModel saved, Properties config) {
        Object d = saved.training().get("data");
        if (!(d instanceof Map<?, ?> description) || !(description.get("config") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the model in " + dir + " was trained on synthetic windows (no data.* config in its "
                    + "manifest); forecast and evaluate need a model trained on a dataset");
        }
        if (saved.network().loss() != LossKind.MSE_ALL_STEPS || saved.network().directions() != 1) {
            throw new IllegalArgumentException("the model in " + dir + " (" + saved.network() + ") cannot roll a forecast forward: "
                    + "that needs a unidirectional network trained on every step (mse-all-steps)");
        }
        Map<String, Object> desc = (Map<String, Object>) description;
        Map<String, String> trained = new TreeMap<>((Map<String, String>) desc.get("config"));
        Properties merged = new Properties();
        trained.forEach(merged::setProperty);
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("data.")) {
                merged.setProperty(key, config.getProperty(key));
            }
        }
        DataConfig data = DataConfig.fromProperties(merged);
        Properties effective = data.toProperties();
        List<String> differences = new ArrayList<>();
        for (String key : SCHEMA_KEYS) {
            String was = trained.getOrDefault(key, "");
            String now = effective.getProperty(key, "");
            if (!was.equals(now)) {
                differences.add(key + ": model '" + was + "', data config '" + now + "'");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the data config does not match the schema of the model in " + dir + " ("
                    + String.join("; ", differences) + "): a model forecasts only data with the columns and grid it was trained on");
        }
        FeatureLayout layout = new FeatureLayout(data, (List<List<String>>) desc.get("categorical_levels"));
        if (!layout.names().equals(desc.get("features")) || layout.width() != saved.network().inputSize()) {
            throw new IllegalArgumentException(manifest + ": features " + desc.get("features") + " and network inputs "
                    + saved.network().inputSize() + " disagree with the layout " + layout.names() + " its data config gives");
        }
        Scaler scaler = Scaler.fromDescription((Map<String, Object>) desc.get("scaling"));
        Map<String, String> overrides = new TreeMap<>();
        for (String key : effective.stringPropertyNames()) {
            String was = trained.get(key);
            if (!effective.getProperty(key).equals(was)) {
                overrides.put(key, "model '" + (was == null ? "" : was) + "', now '" + effective.getProperty(key) + "'");
            }
        }
        HorizonLoss direct = directObjective(manifest, saved, layout.targets());
        return new ForecastModel(dir, saved.source() == null ? dir : saved.source(), saved.network(), saved.params(), data, layout, scaler, overrides, direct);
    }

    /**
     * The direct objective of the training config in the manifest, read as training reads it ({@link TrainingConfig}; no
     * {@code train.objective}: one-step, null), checked against the head.
     */
    @SuppressWarnings("unchecked")
    private static HorizonLoss directObjective(String manifest, SavedModel saved, int targets) {
        Properties train = new Properties();
        if (saved.training().get("config") instanceof Map<?, ?> m) {
            ((Map<String, String>) m).forEach(train::setProperty);
        }
        HorizonLoss direct;
        try {
            direct = TrainingConfig.fromProperties(train).settingsFor(saved.network().inputSize(), targets).direct();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(manifest + ": the training config is malformed: " + e.getMessage(), e);
        }
        if (direct != null && direct.outputs() != saved.network().outputSize()) {
            throw new IllegalArgumentException(manifest + ": the head has " + saved.network().outputSize() + " outputs, "
                    + direct + " needs " + direct.outputs());
        }
        return direct;
    }

    public String dir() { return dir; }
    /** The folder holding the files read: {@code <dir>/versions/<version>}, or {@code dir} itself for the older flat layout. */
    public String files() { return files; }
    /** The data keys whose value differs from the model's training config (paths, cleaning rules), with both values. */
    public Map<String, String> overrides() { return overrides; }
    public NetworkSpec network() { return network; }
    public float[] params() { return params; }
    public DataConfig data() { return data; }
    public FeatureLayout layout() { return layout; }
    public Scaler scaler() { return scaler; }
    public List<String> targetNames() { return data.features().targets(); }
    /** The direct objective the model was trained with, or null when it predicts one step ahead (and forecasts roll out). */
    public HorizonLoss direct() { return direct; }

    /**
     * From one step's head outputs ({@code [H][Y][Q]}, scaled) of a direct model: the point forecast of target y at
     * horizon step h (0-based) — the mean, or the quantile level nearest 0.5 (the median when trained). {@code origin}
     * is the stored row of the origin step (its first Y values are the scaled targets the naive skip adds).
     */
    public float point(float[] outputs, float[] origin, int h, int y) {
        return sortedQuantiles(outputs, origin, h, y)[direct.pointLevel()];
    }

    /**
     * The Q quantile forecasts (scaled) of target y at horizon step h, sorted increasing: the quantile curves of a pinball-trained
     * head may cross, and sorting (monotone rearrangement, Chernozhukov et al. 2010) makes them a proper, non-crossing set of quantiles and
     * does not move them further from the true quantile curve.
     */
    public float[] sortedQuantiles(float[] outputs, float[] origin, int h, int y) {
        int q = direct.outputsPerLabel();
        int at = (h * direct.targets() + y) * q;
        float[] v = java.util.Arrays.copyOfRange(outputs, at, at + q);
        for (int k = 0; direct.naiveSkip() && k < q; k++) {
            v[k] += origin[y];                                   // the change from the last observed value, added back
        }
        java.util.Arrays.sort(v);
        return v;
    }

    public RowEncoder encoder() {
        return new RowEncoder(scaler, layout, data);
    }
}
