package org.sparkcast.train;

import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.ParameterLayout;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.TorchInitializer;

/**
 * What a sync round broadcasts and a checkpoint stores: the parameter vector, the optimizer's state
 * arrays (same layout; Adam {@code m, v}, SGD momentum) and its step count. Plain final class for Kryo.
 */
public final class ModelState {
    private final float[] params;
    private final float[][] optimizerState;
    private final long step;

    public ModelState(float[] params, float[][] optimizerState, long step) {
        for (float[] s : optimizerState) {
            if (s.length != params.length) {
                throw new IllegalArgumentException("optimizer state of " + s.length + " values for " + params.length + " parameters");
            }
        }
        this.params = params;
        this.optimizerState = optimizerState;
        this.step = step;
    }

    /** PyTorch-style initial parameters from the settings' seed, zero optimizer state, step 0. */
    public static ModelState initial(TrainingSettings settings) {
        ParameterLayout layout = new ParameterLayout(settings.network());
        float[] params = new float[layout.size()];
        TorchInitializer.initialize(layout, params, settings.seed());
        Optimizer fresh = settings.newOptimizer(params.length);
        return new ModelState(params, fresh.stateArrays(), 0);
    }

    /** Copies this state into a network's parameters and an optimizer of the same layout. */
    public void restoreInto(RecurrentNetwork net, Optimizer optimizer) {
        System.arraycopy(params, 0, net.parameters(), 0, params.length);
        float[][] target = optimizer.stateArrays();
        if (target.length != optimizerState.length) {
            throw new IllegalArgumentException("optimizer has " + target.length + " state arrays, the model state " + optimizerState.length);
        }
        for (int i = 0; i < target.length; i++) {
            System.arraycopy(optimizerState[i], 0, target[i], 0, params.length);
        }
        optimizer.setStepCount(step);
    }

    /** A copy of a trained network's parameters and optimizer state. */
    public static ModelState capture(RecurrentNetwork net, Optimizer optimizer) {
        float[][] state = optimizer.stateArrays();
        float[][] copy = new float[state.length][];
        for (int i = 0; i < state.length; i++) {
            copy[i] = state[i].clone();
        }
        return new ModelState(net.parameters().clone(), copy, optimizer.stepCount());
    }

    /** The parameters (live). */
    public float[] params() { return params; }
    /** The optimizer state arrays (live). */
    public float[][] optimizerState() { return optimizerState; }
    public long step() { return step; }
}
