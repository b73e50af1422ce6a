/**
 * The local recurrent engine that every executor runs: float32 tensors as flat {@code float[]},
 * LSTM / GRU / Elman cells as forward-backward pairs, stacked and bidirectional layers, a linear
 * output head, MSE losses, truncated BPTT with detached state carry, PyTorch-style initialisation,
 * SGD-with-momentum / Adam / AdamW, and global-norm gradient clipping.
 *
 * <p>Shape legend used throughout the package: B = batch (parallel lanes), T = steps in a window,
 * I = input features, H = hidden units, G = gates per cell (LSTM 4, GRU 3, Elman 1), L = layers,
 * D = directions (1 or 2), O = outputs. Activations are time-major: a window is {@code [T][B][*]}, so
 * the rows of one step are contiguous and every matrix product is a GEMM over the batch.
 *
 * <p>All parameters live in one flat array laid out by {@link org.sparkcast.engine.ParameterLayout}
 * in PyTorch's {@code named_parameters()} order and orientation; gradients and optimizer state use
 * the same layout. This package imports nothing but the JDK and the matrix kernel (never Spark).
 */
package org.sparkcast.engine;
