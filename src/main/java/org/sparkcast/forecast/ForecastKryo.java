package org.sparkcast.forecast;

/** What the Kryo registrator needs of this package's classes that cross the network. */
public final class ForecastKryo {
    private ForecastKryo() {
    }

    /** The per-partition backtest result (serialised with Java serialisation: it holds records). */
    public static Class<?> backtestPart() {
        return BacktestPart.class;
    }
}
