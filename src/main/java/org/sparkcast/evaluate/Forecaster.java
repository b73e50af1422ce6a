package org.sparkcast.evaluate;

/** Who made a forecast: the model, or one of the two baselines it is compared with. */
public enum Forecaster {
    /** The trained recurrent network. */
    MODEL("model"),
    /** The last observed value at the origin, repeated for every step. */
    NAIVE("naive"),
    /** The value one season before each target time. */
    SEASONAL_NAIVE("seasonal_naive");

    private final String jsonName;

    Forecaster(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The key under which this forecaster's numbers appear in {@code metrics.json}. */
    public String jsonName() {
        return jsonName;
    }

    /** This forecaster's [H][Y] values in {@code f}. */
    double[][] values(OriginForecast f) {
        return switch (this) {
            case MODEL -> f.predicted();
            case NAIVE -> f.naive();
            case SEASONAL_NAIVE -> f.seasonalNaive();
        };
    }
}
