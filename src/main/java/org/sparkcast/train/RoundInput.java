package org.sparkcast.train;

/**
 * One sync round's broadcast: the model, the settings, which windows each partition trains (window
 * indices {@code [firstWindow, firstWindow + maxWindows)}, or all from {@code firstWindow} when
 * {@code maxWindows == 0}) and, per partition, the hidden/cell state its lanes carry in from the
 * previous round (null at the start of an epoch: lanes start from zero). Plain final class for Kryo.
 */
public final class RoundInput {
    private final ModelState model;
    private final TrainingSettings settings;
    private final long firstWindow;
    private final int maxWindows;
    private final float[][] carriedH;
    private final float[][] carriedC;

    public RoundInput(ModelState model, TrainingSettings settings, long firstWindow, int maxWindows,
                      float[][] carriedH, float[][] carriedC) {
        this.model = model;
        this.settings = settings;
        this.firstWindow = firstWindow;
        this.maxWindows = maxWindows;
        this.carriedH = carriedH;
        this.carriedC = carriedC;
    }

    public ModelState model() { return model; }
    public TrainingSettings settings() { return settings; }
    public long firstWindow() { return firstWindow; }
    /** 0 = every window from {@link #firstWindow()} on. */
    public int maxWindows() { return maxWindows; }

    /** The hidden state partition {@code p}'s lanes carry in, or null to start from zero. */
    public float[] carriedH(int partition) {
        return carriedH == null || partition >= carriedH.length ? null : carriedH[partition];
    }

    /** The LSTM cell state partition {@code p}'s lanes carry in, or null. */
    public float[] carriedC(int partition) {
        return carriedC == null || partition >= carriedC.length ? null : carriedC[partition];
    }
}
