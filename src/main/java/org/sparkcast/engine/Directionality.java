package org.sparkcast.engine;

/** Whether each layer reads the window forward only, or forward and backward (outputs concatenated). */
public enum Directionality {
    UNIDIRECTIONAL(1),
    BIDIRECTIONAL(2);

    private final int directions;

    Directionality(int directions) {
        this.directions = directions;
    }

    /** D: 1 or 2. */
    public int directions() {
        return directions;
    }

    public static Directionality of(boolean bidirectional) {
        return bidirectional ? BIDIRECTIONAL : UNIDIRECTIONAL;
    }
}
