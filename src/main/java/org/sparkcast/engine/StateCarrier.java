package org.sparkcast.engine;

/**
 * The recurrent state of B lanes carried from one forward pass to the next: a window (or a chunk of steps) runs from
 * {@link #current()} and writes its final state into {@link #next()}; {@link #advance()} then makes that final state
 * the one the next window starts from. Only values are carried (detached: no gradient crosses windows). A lane that
 * moves to a new segment is zeroed with {@link #resetLane}. Training ({@link TruncatedBptt}), validation and
 * forecasting all carry state this one way. No allocation after construction.
 */
public final class StateCarrier {
    private RecurrentState current;
    private RecurrentState next;

    public StateCarrier(NetworkSpec spec, int lanes) {
        this.current = new RecurrentState(spec, lanes);
        this.next = new RecurrentState(spec, lanes);
    }

    /** The state the next forward starts from (live). */
    public RecurrentState current() {
        return current;
    }

    /** Where the next forward writes its final state (a different object: backward still reads the initial state). */
    public RecurrentState next() {
        return next;
    }

    /** After a forward from {@link #current()} into {@link #next()}: the final state becomes the carried one. */
    public void advance() {
        RecurrentState t = current;
        current = next;
        next = t;
    }

    /** Runs {@code steps} steps of {@code x[xOff ..]} ({@code [T][B][I]}) forward from the carried state and carries on. */
    public void forward(RecurrentNetwork net, float[] x, int xOff, int steps) {
        net.forward(x, xOff, steps, current.batch(), current, next);
        advance();
    }

    /** Zeroes the carried state of one lane (it starts a new segment). */
    public void resetLane(int lane) {
        current.zeroLane(lane);
    }

    /** Zeroes the carried state of every lane. */
    public void reset() {
        current.zero();
    }

    /** Carries {@code state}'s values from now on (a copy). */
    public void restore(RecurrentState state) {
        current.copyFrom(state);
    }
}
